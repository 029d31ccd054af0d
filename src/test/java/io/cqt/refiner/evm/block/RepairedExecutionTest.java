package io.cqt.refiner.evm.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.CompatResultWriter;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pipeline executes a block a second time, as the reference does, only when that run could differ from the
 * first: {@link ReferenceExecutor#execute(BlockReplica, BlockExecution)} reuses the first run exactly when nothing
 * was repaired, and whatever it decides, its bytes equal those of a fresh run as the release.
 */
class RepairedExecutionTest {
    private final BlockExecutor repairing = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, true);

    @ParameterizedTest(name = "{0}/{1}: repaired {2}")
    @CsvSource({
            "16791900, specimen-codec-0.32.avro, true",   // code read only for its size is lost
            "19434485, specimen-codec-0.36.avro, true",   // the same, and a blob transaction without its hashes
            "22433670, specimen-codec-0.38.avro, false",  // a lost authorization list: nothing to repair
            "17090940, specimen-codec-0.35.avro, false",  // nothing lost
    })
    void reusedOnlyWhenTheReferenceRunIsTheSame(long block, String file, boolean repaired) throws Exception {
        BlockReplica replica = SpecimenReader.read(SharedData.specimen(block, file)).replica();
        BlockExecution first = repairing.execute(replica);
        assertEquals(repaired, first.repaired(), () -> "losses: " + first.losses());
        if (block == 22433670) {
            assertFalse(first.losses().isEmpty(), "22433670 has a loss, just none to repair");
        }
        for (CompatProfile profile : CompatProfiles.all()) {
            ReferenceExecutor reference = new ReferenceExecutor(profile);
            BlockExecution fresh;
            try {
                fresh = reference.execute(replica);
            } catch (ReferenceFailure f) {
                assertThrows(ReferenceFailure.class, () -> reference.execute(replica, first), profile.name());
                continue;
            }
            BlockExecution reused = reference.execute(replica, first);
            assertArrayEquals(reference.bytes(fresh), reference.bytes(reused), profile.name());
            if (profile.blobTransactions() == CompatProfile.BlobTransactions.NATIVE) {
                assertEquals(!repaired, reused == first, profile.name() + " reuses the first run unless repaired");
            }
            byte[] asRepaired = new CompatResultWriter(profile).toBytes(CompatResults.of(first, profile));
            if (repaired) {
                assertFalse(Arrays.equals(asRepaired, reference.bytes(fresh)), "a repair changes the bytes");
            }
        }
    }
}
