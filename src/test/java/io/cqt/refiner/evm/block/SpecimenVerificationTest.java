package io.cqt.refiner.evm.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
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
                // Known loss 4: tx 46's authorization list is gone; everything before it is exact.
                assertTrue(!v.verified() && v.explainedByLoss(), report);
                assertEquals(46, execution.lossyFrom(), report);
                assertTrue(v.lossy().contains("tx 46 (type 4)"), report);
                if (!replica.receipts().isEmpty()) {
                    assertEquals(46, v.exactThrough(), report);
                    assertEquals(46, v.firstMismatch().transactionIndex(), report);
                }
            } else {
                assertTrue(v.verified(), report);
                assertNull(v.firstMismatch(), report);
                assertEquals(replica.header().receiptsRoot(), v.computedReceiptsRoot(), report);
                assertEquals(replica.transactions().size(), execution.receipts().size(), report);
                assertEquals(replica.header().gasUsed(), v.gasUsed(), report);
                if (!replica.receipts().isEmpty()) {
                    // Per transaction, the producer's status, cumulative gas and logs.
                    for (ExecutedReceipt r : execution.receipts()) {
                        assertNull(BlockVerifier.difference(r, replica.receipts().get(r.transactionIndex()), true),
                                report + " tx " + r.transactionIndex());
                    }
                }
            }
        }));
    }

    @Test
    void lostCodeIsReconstructedAndNamed() throws IOException {
        BlockExecution a = executor.execute(SpecimenReader.read(SharedData.specimen(16791900, "specimen-codec-0.32.avro")).replica());
        assertEquals(List.of(Address.fromHex("0xf849de01b080adc3a814fabe1e2087475cf2e354")), a.reconstructedCode());
        BlockExecution b = executor.execute(SpecimenReader.read(SharedData.specimen(19434485, "specimen-codec-0.36.avro")).replica());
        assertEquals(List.of(Address.fromHex("0x63756a3c3bf677baab9d9e06457402ed05be8570")), b.reconstructedCode());
        assertTrue(b.lossSummary().contains("tx 74 (type 3) lost its blob hashes"), b.lossSummary());
    }

    @Test
    void theProjectsSyntheticSpecimenVerifies() throws IOException {
        BlockReplica replica = SpecimenReader.read(Path.of("test-data/specimens/synthetic-transfers-0.37.avro")).replica();
        BlockExecution execution = executor.execute(replica);
        Verification v = verifier.verify(execution, replica.receipts());
        assertTrue(v.verified(), v.toString());
        assertTrue(execution.receipts().size() > 0);
        assertNull(v.lossy());
    }

    @Test
    void aCalledAccountWhoseCodeIsMissingIsNamedInTheFailure() throws IOException {
        BlockReplica replica = SpecimenReader.read(SharedData.specimen(15892728, "specimen-codec-0.31.avro")).replica();
        // Drop the code of the first transaction's target, which the transaction runs.
        Address target = replica.transactions().stream().filter(t -> t.to() != null && !t.input().isEmpty())
                .findFirst().orElseThrow().to();
        Hash codeHash = replica.state().accountReads().stream().filter(a -> a.address().equals(target))
                .findFirst().orElseThrow().codeHash();
        StateReads s = replica.state();
        StateReads without = new StateReads(s.accountReads(), s.storageReads(),
                s.codeReads().stream().filter(c -> !c.hash().equals(codeHash)).toList(), s.blockhashReads());
        BlockReplica broken = new BlockReplica(replica.type(), replica.networkId(), replica.hash(),
                replica.totalDifficulty(), replica.header(), replica.transactions(), replica.uncles(),
                replica.receipts(), replica.senders(), without, replica.withdrawals(), replica.blobTxSidecars());
        BlockExecution execution = executor.execute(broken);
        Verification v = verifier.verify(execution, broken.receipts());
        assertFalse(v.verified());
        assertTrue(v.lossy().contains(target.toString()), v.lossy());
        assertTrue(execution.missingReads().stream().anyMatch(r -> r.contains(codeHash.toString())));
    }

    @Test
    void codeThatDoesNotMatchItsHashIsRejected() throws IOException {
        BlockReplica replica = SpecimenReader.read(SharedData.specimen(15892728, "specimen-codec-0.31.avro")).replica();
        StateReads s = replica.state();
        List<StateReads.CodeRead> codes = new java.util.ArrayList<>(s.codeReads());
        codes.set(0, new StateReads.CodeRead(codes.get(0).hash(), Bytes.wrap(new byte[] {0x00})));
        SpecimenException e = assertThrows(SpecimenException.class, () -> new SpecimenWorld(
                new StateReads(s.accountReads(), s.storageReads(), codes, s.blockhashReads()), replica.header()));
        assertTrue(e.getMessage().contains(codes.get(0).hash().toString()), e.getMessage());
    }
}
