package io.cqt.refiner.bench;

import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every shared specimen file decoded as {@code refine} decodes it (JSON or Avro, the codec detected). Run as
 * docs/BENCHMARKS.md says (not part of the test suite); {@code refiner.shared} points at the shared test data.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class SpecimenDecodeBenchmark {
    @Param({"15127599/specimen.json", "15557220/specimen.json", "15892728/specimen.json",
        "15892728/specimen-codec-0.31.avro", "16791900/specimen.json", "16791900/specimen-codec-0.32.avro",
        "17090940/specimen.json", "17090940/specimen-codec-0.35.avro", "19434485/specimen.json",
        "19434485/specimen-codec-0.36.avro", "19529499/specimen.json", "22433670/specimen.json",
        "22433670/specimen-codec-0.38.avro"})
    public String file;

    private byte[] bytes;

    @Setup
    public void load() throws IOException {
        Path shared = Path.of(System.getProperty("refiner.shared", "../shared"));
        bytes = Files.readAllBytes(shared.resolve("test-data/specimens").resolve(file));
    }

    @Benchmark
    public Specimen decode() {
        return SpecimenReader.read(bytes, null);
    }
}
