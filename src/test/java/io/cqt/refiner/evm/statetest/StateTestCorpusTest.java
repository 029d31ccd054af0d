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
 * The whole official state-test corpus in ../shared (25,064 cases over London, Paris, Shanghai, Cancun, Prague and
 * Osaka), one dynamic test per case; a case passes when its post-state root and logs hash match. Part of the default
 * run; a quick local run can leave it out with {@code -Drefiner.excludedGroups=slow,conformance}. Writes the per-fork and
 * per-category pass counts to {@code target/statetest-corpus.txt}. {@code refiner.statetest.dir} narrows it to a
 * sub-directory.
 */
@Tag("statetests")
@Tag("conformance")
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
