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
 * The whole state-test corpus (Cancun and Prague). Tagged {@code slow} while the EVM is incomplete (precompiles and
 * the trie live elsewhere), so the default build stays green; run with {@code mvn test -Dslow
 * -Dtest=StateTestCorpusTest}. Writes the per-fork and per-category pass counts to
 * {@code target/statetest-corpus.txt}. An optional {@code refiner.statetest.dir} narrows it to a sub-directory.
 */
@Tag("slow")
@Tag("statetests")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StateTestCorpusTest {
    private final StateTestHarness harness = new StateTestHarness();

    @TestFactory
    Stream<DynamicTest> corpus() {
        Path root = SharedData.require("state-tests");
        String sub = System.getProperty("refiner.statetest.dir", "");
        return harness.tests(root, sub.isEmpty() ? root : root.resolve(sub));
    }

    @AfterAll
    void report() {
        harness.report("statetest-corpus");
    }
}
