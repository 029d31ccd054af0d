package io.cqt.refiner.bench;

import io.cqt.refiner.crypto.Keccak256;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.KeccakDigest;
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
 * Keccak-256 one-shot hashing, ours against BouncyCastle's KeccakDigest (kept in a field, as the former wrapper kept
 * one per thread). Sizes: a word and two (SHA3 over addresses and mapping keys), exactly one block, and a large trie
 * node (a full branch of 16 hashes). Run as docs/BENCHMARKS.md says (not part of the test suite).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class KeccakBenchmark {
    @Param({"32", "64", "136", "532"})
    public int size;

    private final KeccakDigest bouncyCastle = new KeccakDigest(256);
    private final long[] stack = new long[4];
    private byte[] input;

    @Setup
    public void input() {
        input = new byte[size];
        new Random(size).nextBytes(input);
    }

    @Benchmark
    public byte[] ours() {
        return Keccak256.hash(input, 0, size);
    }

    @Benchmark
    public long[] oursToWord() {
        Keccak256.hashToWord(input, 0, size, stack, 0);
        return stack;
    }

    @Benchmark
    public byte[] bouncyCastle() {
        bouncyCastle.update(input, 0, size);
        byte[] out = new byte[32];
        bouncyCastle.doFinal(out, 0);
        return out;
    }
}
