package io.cqt.refiner.evm.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.precompile.KzgPointEvaluation;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known loss 2 on the one specimen that has it (19434485, codec 0.36: a blob transaction without hashes or fee
 * cap): the block runs once when what it does never reveals the hashes, and the hashes a point-evaluation call is
 * handed replace the placeholders when it does.
 */
class BlobHashRepairTest {
    private static BlockReplica cancun() throws Exception {
        return SpecimenReader.read(SharedData.specimen(19434485L, "specimen-codec-0.36.avro")).replica();
    }

    @Test
    void aBlockThatNeverRevealsTheHashesRunsOnceWithPlaceholders() throws Exception {
        BlockReplica replica = cancun();
        int[] runs = {0};
        Tracer counting = new Tracer() {
            @Override
            public void onBlockStart() {
                runs[0]++;
            }
        };
        BlockExecution execution = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null)
                .execute(replica, counting);
        assertEquals(1, runs[0], "the block ran more than once");
        assertTrue(execution.losses().get(0).contains("hashes unknown (placeholders)"), execution.losses()::toString);
        assertTrue(new BlockVerifier().verify(execution, replica.receipts()).verified());
    }

    @Test
    void theCommitmentsACallHandsThePrecompileBecomeTheLostHashes() throws Exception {
        BlockReplica replica = cancun();
        BlobHashRepair repair = BlobHashRepair.of(replica, () -> UInt256.ONE);
        assertNotNull(repair);
        int lost = -1;
        for (int i = 0; i < replica.transactions().size(); i++) {
            if (repair.placeholders().get(i) != replica.transactions().get(i)) {
                lost = i;
            }
        }
        assertTrue(lost >= 0, "19434485 has a blob transaction without its hashes");
        Transaction placeholder = repair.placeholders().get(lost);
        assertEquals(UInt256.ONE, placeholder.blobFeeCap(), "the fee cap is the blob base fee given");
        int count = placeholder.blobHashes().size();
        PrecompileSet watched = repair.watching(MainnetPrecompiles.forFork(Fork.CANCUN));
        List<Hash> expected = new ArrayList<>();
        repair.onBlockStart();
        repair.onTxStart(lost, placeholder, null);
        for (int k = 0; k < count; k++) {
            byte[] input = new byte[192];
            byte[] commitment = new byte[48];
            commitment[0] = (byte) 0xc0;
            commitment[47] = (byte) k;
            System.arraycopy(commitment, 0, input, 96, 48);
            watched.get(PrecompileSet.address(0x0a)).run(input); // the proof is wrong: the call fails, as it may
            expected.add(Hash.wrap(KzgPointEvaluation.versionedHash(commitment)));
        }
        repair.onTxEnd(lost, null);
        List<Transaction> reconstructed = repair.reconstructed();
        assertNotNull(reconstructed);
        assertEquals(expected, reconstructed.get(lost).blobHashes());
        assertTrue(repair.losses().get(0).contains(count + " hashes reconstructed"), repair.losses()::toString);

        // Outside a transaction (a system call) nothing counts; a new run forgets the last one's.
        repair.onBlockStart();
        watched.get(PrecompileSet.address(0x0a)).run(new byte[192]);
        assertNull(repair.reconstructed());
    }
}
