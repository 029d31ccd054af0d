package io.cqt.refiner.bench;

import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Block execution alone ({@link BlockExecutor#execute}, which includes building the specimen's world and the partial
 * state root) over each shared specimen, decoded once in setup. The {@code gas} counter is the block's gas per
 * second: divide by 10^6 for Mgas/s. Run as docs/BENCHMARKS.md says (not part of the test suite); {@code
 * refiner.shared} points at the shared data (default ../shared).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class BlockExecutionBenchmark {

    /** One file per block: the Avro specimen where there is one, else the JSON one. */
    @State(Scope.Benchmark)
    public static class Specimen {
        @Param({"15127599/specimen.json", "15557220/specimen.json", "15892728/specimen-codec-0.31.avro",
            "16791900/specimen-codec-0.32.avro", "17090940/specimen-codec-0.35.avro",
            "19434485/specimen-codec-0.36.avro", "19529499/specimen.json", "22433670/specimen-codec-0.38.avro"})
        public String file;

        BlockReplica replica;
        long gasUsed;
        final BlockExecutor executor = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null);

        @Setup
        public void load() throws IOException {
            Path shared = Path.of(System.getProperty("refiner.shared", "../shared"));
            replica = SpecimenReader.read(shared.resolve("test-data/specimens").resolve(file)).replica();
            // The executed gas, not the header's: 22433670 runs lossy from tx 46 (its authorization list is lost).
            gasUsed = executor.execute(replica).gasUsed();
        }
    }

    /** Gas executed, reported as a rate (gas/s) next to the blocks/s primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Gas {
        public long gas;

        @Setup(Level.Iteration)
        public void reset() {
            gas = 0;
        }
    }

    @Benchmark
    public BlockExecution execute(Specimen specimen, Gas counter) {
        BlockExecution execution = specimen.executor.execute(specimen.replica);
        counter.gas += specimen.gasUsed;
        return execution;
    }
}
