package io.cqt.refiner.evm.statetest;

import io.cqt.refiner.testing.SharedData;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The state-test categories that pass in full and need no precompile beyond the test set, run by default: the
 * classic VM tests, the examples, SSTORE metering and refunds, CREATE2, and the Cancun/Prague EIPs of the interpreter
 * itself (EIP-1153, EIP-5656, EIP-6780, EIP-7623). Counts go to {@code target/statetest-quick.txt}.
 */
@Tag("statetests")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateTestQuickTest {
    private static final String[] DIRS = {
        "static/state_tests/VMTests",
        "static/state_tests/stExample",
        "static/state_tests/stSStoreTest",
        "static/state_tests/stRefundTest",
        "static/state_tests/stCreate2",
        "cancun/eip1153_tstore",
        "cancun/eip5656_mcopy",
        "cancun/eip6780_selfdestruct",
        "prague/eip7623_increase_calldata_cost",
    };

    private final StateTestHarness harness = new StateTestHarness();

    @TestFactory
    Stream<DynamicTest> focused() {
        Path root = SharedData.require("state-tests");
        return Stream.of(DIRS).flatMap(dir -> harness.tests(root, root.resolve(dir)));
    }

    @AfterAll
    void report() {
        harness.report("statetest-quick");
    }
}
