package io.cqt.refiner.evm.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.CompatResultWriter;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The pipeline executes a block a second time, as the reference does, only when the first execution repaired a
 * loss: this checks that {@link BlockExecution#repaired()} says so exactly when the two results differ.
 */
class RepairedExecutionTest {
    private final BlockExecutor repairing = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, true);
    private final BlockExecutor asReference = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, false);
    private final CompatResultWriter writer = new CompatResultWriter();

    @ParameterizedTest(name = "{0}/{1}: repaired {2}")
    @CsvSource({
            "16791900, specimen-codec-0.32.avro, true",   // code read only for its size is lost
            "19434485, specimen-codec-0.36.avro, true",   // the same, and a blob transaction without its hashes
            "22433670, specimen-codec-0.38.avro, false",  // a lost authorization list: nothing to repair
            "17090940, specimen-codec-0.35.avro, false",  // nothing lost
    })
    void repairedExactlyWhenTheReferenceResultDiffers(long block, String file, boolean repaired) throws Exception {
        BlockReplica replica = SpecimenReader.read(SharedData.specimen(block, file)).replica();
        BlockExecution first = repairing.execute(replica);
        assertEquals(repaired, first.repaired(), () -> "losses: " + first.losses());
        byte[] mine = writer.toBytes(CompatResults.of(first));
        byte[] reference = writer.toBytes(CompatResults.of(asReference.execute(replica)));
        assertEquals(repaired, !Arrays.equals(mine, reference), "the results differ exactly when repaired");
        if (!repaired) {
            assertArrayEquals(reference, mine);
        }
        if (block == 22433670) {
            assertFalse(first.losses().isEmpty(), "22433670 has a loss, just none to repair");
        }
    }
}
