package io.cqt.refiner.evm.blocktest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.evm.precompile.Secp256k1Recovery;
import io.cqt.refiner.testing.SharedData;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The official blockchain-test corpus in ../shared (830 cases, London to Osaka and three transitions), one dynamic
 * test per case: every valid block accepted with its header, every invalid one rejected, final head and state equal.
 * A case on a network we do not implement fails here (the corpus holds none), so none is skipped unseen. Part of the
 * default run (about ten seconds); {@code -Drefiner.excludedGroups=slow,conformance} leaves it out.
 */
@Tag("conformance")
class BlockchainTestCorpusTest {
    private final BlockchainTestRunner runner = new BlockchainTestRunner(MainnetPrecompiles::forFork,
            Secp256k1Recovery.best());

    @TestFactory
    Stream<DynamicTest> corpus() {
        Path root = SharedData.require("blockchain-tests");
        List<BlockchainTestCase> cases = BlockchainTests.cases(List.of(root), EnumSet.allOf(Fork.class));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.id(), () -> {
            BlockchainTestRunner.Verdict v = runner.runGuarded(c);
            assertEquals(BlockchainTestRunner.Status.PASSED, v.status(), () -> c.id() + ": " + v.detail());
        }));
    }
}
