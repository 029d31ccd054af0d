package io.cqt.refiner.bench;

import io.cqt.refiner.specimen.Segment;
import io.cqt.refiner.specimen.avro.AvroSpecimenReader;
import io.cqt.refiner.specimen.avro.CodecVersion;
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
 * Avro decode of the real specimens into the model. Run as docs/BENCHMARKS.md says (not part of the test suite).
 * {@code refiner.shared} points at the shared test data (default ../shared).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
public class AvroDecodeBenchmark {
    @Param({"22433670/specimen-codec-0.38.avro", "19434485/specimen-codec-0.36.avro",
        "15892728/specimen-codec-0.31.avro"})
    public String file;

    private byte[] avro;
    private CodecVersion codec;
    private final AvroSpecimenReader reader = new AvroSpecimenReader();

    @Setup
    public void load() throws IOException {
        Path shared = Path.of(System.getProperty("refiner.shared", "../shared"));
        avro = Files.readAllBytes(shared.resolve("test-data/specimens").resolve(file));
        codec = reader.read(avro).codec();
    }

    /** The codec known (as the pipeline knows it after the first specimen of a run). */
    @Benchmark
    public Segment decodeKnownCodec() {
        return reader.read(avro, codec).segment();
    }

    /** Auto-detection: for a 0.38 file this is one decode; for older codecs the newer schemas fail first. */
    @Benchmark
    public Segment decodeDetectingCodec() {
        return reader.read(avro).segment();
    }
}
