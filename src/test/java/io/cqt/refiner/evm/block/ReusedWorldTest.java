package io.cqt.refiner.evm.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.CompatResultWriter;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An executor that keeps each replica's built world ({@code bench}'s) gives, run after run, exactly what a fresh
 * executor gives: nothing a run records in its world (missing reads, reconstructed code) leaks into the next.
 */
class ReusedWorldTest {
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
            "15127599, specimen.json",            // floats in the reads (raising one: FloatBalanceRepairTest)
            "16791900, specimen-codec-0.32.avro", // code read only for its size is lost: reconstructed, recorded
            "19434485, specimen-codec-0.36.avro", // lost blob hashes, repaired beside the run
            "22433670, specimen-codec-0.38.avro", // a lost authorization list: missing reads after tx 46
    })
    void everyRunEqualsAFreshExecution(long block, String file) throws Exception {
        BlockReplica replica = SpecimenReader.read(SharedData.specimen(block, file)).replica();
        BlockExecution fresh = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null).execute(replica);
        BlockExecutor reusing = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null).reusingWorlds();
        CompatProfile profile = CompatProfiles.all().get(CompatProfiles.all().size() - 1);
        byte[] expected = bytes(fresh, profile);
        for (int run = 1; run <= 3; run++) {
            BlockExecution again = reusing.execute(replica);
            String at = "run " + run;
            assertEquals(fresh.gasUsed(), again.gasUsed(), at);
            assertEquals(fresh.losses(), again.losses(), at);
            assertEquals(fresh.missingReads(), again.missingReads(), at);
            assertEquals(fresh.reconstructedCode(), again.reconstructedCode(), at);
            assertEquals(fresh.reconstructedBalances(), again.reconstructedBalances(), at);
            assertEquals(fresh.partialStateRoot(), again.partialStateRoot(), at);
            assertArrayEquals(expected, bytes(again, profile), at);
        }
        if (block == 16791900) {
            assertFalse(fresh.reconstructedCode().isEmpty(), "the case this specimen is here for");
        }
    }

    @Test
    void worldsBuiltWithOneCodeCacheHandOutTheSameCheckedCode() throws Exception {
        BlockReplica replica = SpecimenReader.read(SharedData.specimen(19434485, "specimen-codec-0.36.avro"))
                .replica();
        StateReads reads = replica.state();
        CodeCache cache = new CodeCache(64L << 20);
        SpecimenWorld first = new SpecimenWorld(reads, replica.header(), true, cache);
        SpecimenWorld second = new SpecimenWorld(reads, replica.header(), true, cache);
        assertFalse(reads.codeReads().isEmpty());
        for (StateReads.CodeRead read : reads.codeReads()) {
            Code code = first.preparedCode(read.hash());
            assertSame(code, second.preparedCode(read.hash()), "analysed once for both blocks");
            assertArrayEquals(read.code().array(), code.raw());
            assertEquals(read.hash(), code.hash());
        }
        SpecimenWorld uncached = new SpecimenWorld(reads, replica.header(), true, null);
        assertNull(uncached.preparedCode(reads.codeReads().get(0).hash()), "no cache: the executor builds its own");
    }

    private static byte[] bytes(BlockExecution execution, CompatProfile profile) {
        return new CompatResultWriter(profile).toBytes(CompatResults.of(execution, profile));
    }
}
