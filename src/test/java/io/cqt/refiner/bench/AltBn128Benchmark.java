package io.cqt.refiner.bench;

import io.cqt.refiner.evm.precompile.AltBn128Add;
import io.cqt.refiner.evm.precompile.AltBn128Mul;
import io.cqt.refiner.evm.precompile.AltBn128Pairing;
import io.cqt.refiner.evm.precompile.PrecompileResult;
import io.cqt.refiner.types.Hex;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * alt_bn128 precompiles 0x06–0x08 on fixed valid inputs. Run as docs/BENCHMARKS.md says (not part of the test
 * suite).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class AltBn128Benchmark {
    /** EIP-196: the G1 generator (1, 2). */
    private static final String G1 = "0000000000000000000000000000000000000000000000000000000000000001"
            + "0000000000000000000000000000000000000000000000000000000000000002";
    /** −G1 = (1, p − 2). */
    private static final String MINUS_G1 = "0000000000000000000000000000000000000000000000000000000000000001"
            + "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";
    /** EIP-197: the G2 generator, each Fp2 coordinate written (imaginary, real). */
    private static final String G2 = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
            + "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
            + "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
            + "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
    /** A fixed full-width scalar. */
    private static final String SCALAR = "f3a1c2d4e5b60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f91";

    private final AltBn128Add add = new AltBn128Add();
    private final AltBn128Mul mul = new AltBn128Mul();
    private final AltBn128Pairing pairing = new AltBn128Pairing();
    private byte[] addInput;
    private byte[] mulInput;
    private byte[] pairingInput;

    @Setup
    public void inputs() {
        byte[] twoG = mul.run(Hex.decode(G1 + "00".repeat(31) + "02")).output();
        addInput = concat(Hex.decode(G1), twoG);
        mulInput = Hex.decode(G1 + SCALAR);
        // e(G1, G2) · e(−G1, G2) = 1: a true 2-pair check, so no early exit can shorten it.
        pairingInput = Hex.decode(G1 + G2 + MINUS_G1 + G2);
        if (pairing.run(pairingInput).output()[31] != 1) {
            throw new IllegalStateException("benchmark pairing input does not check to 1");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Benchmark
    public PrecompileResult ecAdd() {
        return add.run(addInput);
    }

    @Benchmark
    public PrecompileResult ecMul() {
        return mul.run(mulInput);
    }

    @Benchmark
    public PrecompileResult ecPairing2() {
        return pairing.run(pairingInput);
    }
}
