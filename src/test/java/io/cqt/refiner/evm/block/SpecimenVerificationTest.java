package io.cqt.refiner.evm.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every shared specimen, Avro and JSON, re-executed and checked against its own header. */
class SpecimenVerificationTest {
    private final BlockExecutor executor = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null);
    private final BlockVerifier verifier = new BlockVerifier();

    @TestFactory
    Stream<DynamicTest> everySharedSpecimenVerifiesAgainstItsHeader() throws IOException {
        Path root = SharedData.require("specimens");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".avro") || p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 14, "expected every shared specimen file, found " + files.size());
        return files.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(), () -> {
            BlockReplica replica = SpecimenReader.read(file).replica();
            BlockExecution execution = executor.execute(replica);
            Verification v = verifier.verify(execution, replica.receipts());
            String report = file + ": " + v + " missing reads " + execution.missingReads().size();
            if (replica.number() == 22433670L) {
                assertTrue(!v.verified() && v.explainedByLoss(), report);
                assertEquals(46, execution.lossyFrom(), report);
            } else {
                assertTrue(v.verified(), report);
                assertNull(v.firstMismatch(), report);
                assertEquals(replica.header().receiptsRoot(), v.computedReceiptsRoot(), report);
                assertEquals(replica.transactions().size(), execution.receipts().size(), report);
            }
        }));
    }
}
