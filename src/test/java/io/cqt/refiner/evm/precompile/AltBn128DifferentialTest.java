package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The limb-based field, tower and curve code ({@link Bn254Fp}, {@link Bn254Fp2}, {@link AltBn128}) against the
 * BigInteger {@link AltBn128Reference} on seeded random inputs, bounded in count so the suite stays quick.
 */
class AltBn128DifferentialTest {
    private static final BigInteger P = Bn254Fp.P;
    private static final BigInteger R = AltBn128.R;
    private static final BigInteger[] G2_GEN_IM_RE = {
        new BigInteger("11559732032986387107991004021392285783925812861821192530917403151452391805634"),
        new BigInteger("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
        new BigInteger("4082367875863433681332203403145435568316851327593401208105741076214120093531"),
        new BigInteger("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
    };

    private final Random random = new Random(20240611);

    /** Uniform-ish in [0, p), with the edges 0, 1, p − 1 and values near 2²⁵⁶ − p mixed in. */
    private BigInteger randomFp(int i) {
        return switch (i % 16) {
            case 0 -> BigInteger.ZERO;
            case 1 -> BigInteger.ONE;
            case 2 -> P.subtract(BigInteger.ONE);
            case 3 -> P.subtract(BigInteger.valueOf(random.nextInt(1000) + 1));
            default -> new BigInteger(256, random).mod(P);
        };
    }

    @Test
    void baseFieldMatchesBigInteger() {
        for (int i = 0; i < 3000; i++) {
            BigInteger a = randomFp(i);
            BigInteger b = randomFp(i / 16 + 7 * i);
            long[] x = Bn254Fp.fromBigInteger(a);
            long[] y = Bn254Fp.fromBigInteger(b);
            long[] out = new long[4];
            assertEquals(a, Bn254Fp.toBigInteger(x), "Montgomery round trip");
            Bn254Fp.mul(out, x, y);
            assertEquals(a.multiply(b).mod(P), Bn254Fp.toBigInteger(out), () -> "mul " + a + " " + b);
            Bn254Fp.add(out, x, y);
            assertEquals(a.add(b).mod(P), Bn254Fp.toBigInteger(out), () -> "add " + a + " " + b);
            Bn254Fp.sub(out, x, y);
            assertEquals(a.subtract(b).mod(P), Bn254Fp.toBigInteger(out), () -> "sub " + a + " " + b);
            Bn254Fp.neg(out, x);
            assertEquals(a.negate().mod(P), Bn254Fp.toBigInteger(out), () -> "neg " + a);
            Bn254Fp.mul(x, x, x);
            assertEquals(a.multiply(a).mod(P), Bn254Fp.toBigInteger(x), "aliased square");
        }
        for (int i = 0; i < 50; i++) {
            BigInteger a = randomFp(i + 1);
            long[] inv = new long[4];
            Bn254Fp.inverse(inv, Bn254Fp.fromBigInteger(a));
            BigInteger expected = a.signum() == 0 ? BigInteger.ZERO : a.modInverse(P);
            assertEquals(expected, Bn254Fp.toBigInteger(inv), () -> "inverse " + a);
        }
    }

    @Test
    void wordDecodingRejectsValuesNotBelowP() {
        long[] out = new long[4];
        for (BigInteger v : new BigInteger[] {P, P.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE)}) {
            assertFalse(Bn254Fp.read(PrecompileInput.leftPad(v, 32), 0, out), v.toString());
        }
        BigInteger below = P.subtract(BigInteger.ONE);
        assertTrue(Bn254Fp.read(PrecompileInput.leftPad(below, 32), 0, out));
        assertEquals(below, Bn254Fp.toBigInteger(out));
        byte[] encoded = new byte[32];
        Bn254Fp.write(out, encoded, 0);
        assertArrayEquals(PrecompileInput.leftPad(below, 32), encoded);
    }

    @Test
    void quadraticExtensionMatchesReference() {
        for (int i = 0; i < 500; i++) {
            AltBn128Reference.Fp2 a = new AltBn128Reference.Fp2(randomFp(i), randomFp(i + 5));
            AltBn128Reference.Fp2 b = new AltBn128Reference.Fp2(randomFp(i + 9), randomFp(i + 11));
            Bn254Fp2 x = Bn254Fp2.of(a.a(), a.b());
            Bn254Fp2 y = Bn254Fp2.of(b.a(), b.b());
            assertSame(a.mul(b), x.mul(y), "mul");
            assertSame(a.mul(a), x.square(), "square");
            assertSame(a.add(b), x.add(y), "add");
            assertSame(a.sub(b), x.sub(y), "sub");
            assertSame(a.mul(new AltBn128Reference.Fp2(BigInteger.valueOf(9), BigInteger.ONE)), x.mulByXi(), "ξ");
            if (!a.isZero()) {
                assertSame(a.inverse(), x.inverse(), "inverse");
            }
        }
    }

    private static void assertSame(AltBn128Reference.Fp2 expected, Bn254Fp2 actual, String what) {
        assertEquals(expected.a(), actual.reValue(), what + " (real)");
        assertEquals(expected.b(), actual.imValue(), what + " (imaginary)");
    }

    /** Fp12 products and Frobenius maps against the reference's 12-coefficient ring, with i = w⁶ − 9. */
    @Test
    void dodecicExtensionMatchesReference() {
        for (int round = 0; round < 4; round++) {
            Bn254Fp2[] xs = new Bn254Fp2[6];
            Bn254Fp2[] ys = new Bn254Fp2[6];
            for (int k = 0; k < 6; k++) {
                xs[k] = Bn254Fp2.of(randomFp(4 + k), randomFp(5 + k));
                ys[k] = Bn254Fp2.of(randomFp(6 + k), randomFp(7 + k));
            }
            Bn254Fp12 x = tower(xs);
            Bn254Fp12 y = tower(ys);
            assertArrayEquals(AltBn128Reference.fp12Mul(flat(xs), flat(ys)), flat(x.mul(y)), "mul");
            assertArrayEquals(AltBn128Reference.fp12Mul(flat(xs), flat(xs)), flat(x.square()), "square");
            BigInteger pPower = P;
            for (int e = 1; e <= 3; e++) {
                assertArrayEquals(AltBn128Reference.fp12Pow(flat(xs), pPower), flat(x.frobenius(e)), "p^" + e);
                pPower = pPower.multiply(P);
            }
        }
    }

    /** w^(2k) coefficients go to c0, w^(2k+1) to c1. */
    private static Bn254Fp12 tower(Bn254Fp2[] w) {
        return new Bn254Fp12(new Bn254Fp6(w[0], w[2], w[4]), new Bn254Fp6(w[1], w[3], w[5]));
    }

    private static BigInteger[] flat(Bn254Fp12 f) {
        return flat(new Bn254Fp2[] {f.c0.c0, f.c1.c0, f.c0.c1, f.c1.c1, f.c0.c2, f.c1.c2});
    }

    private static BigInteger[] flat(Bn254Fp2[] w) {
        BigInteger[] out = new BigInteger[12];
        java.util.Arrays.fill(out, BigInteger.ZERO);
        for (int k = 0; k < 6; k++) {
            BigInteger re = w[k].reValue();
            BigInteger im = w[k].imValue();
            out[k] = out[k].add(re).subtract(im.multiply(BigInteger.valueOf(9))).mod(P);
            out[k + 6] = out[k + 6].add(im).mod(P);
        }
        return out;
    }

    @Test
    void g1MatchesReference() {
        AltBn128Reference.G1 generator = new AltBn128Reference.G1(BigInteger.ONE, BigInteger.TWO);
        AltBn128.G1 g = new AltBn128.G1(Bn254Fp.fromBigInteger(BigInteger.ONE), Bn254Fp.fromBigInteger(BigInteger.TWO));
        for (int i = 0; i < 40; i++) {
            BigInteger k = i == 0 ? R.subtract(BigInteger.ONE) : new BigInteger(256, random);
            BigInteger j = new BigInteger(i % 2 == 0 ? 256 : 8, random);
            AltBn128Reference.G1 kRef = AltBn128Reference.multiply(generator, k);
            AltBn128Reference.G1 jRef = AltBn128Reference.multiply(generator, j);
            AltBn128.G1 kP = AltBn128.multiply(g, PrecompileInput.leftPad(k, 32), 0);
            AltBn128.G1 jP = AltBn128.multiply(g, PrecompileInput.leftPad(j, 32), 0);
            assertG1(kRef, kP, "k·G");
            assertG1(AltBn128Reference.add(kRef, jRef), AltBn128.add(kP, jP), "k·G + j·G");
            assertG1(AltBn128Reference.add(kRef, kRef), AltBn128.add(kP, kP), "doubling");
            assertG1(AltBn128Reference.multiply(kRef, j), AltBn128.multiply(kP, PrecompileInput.leftPad(j, 32), 0),
                    "j·(k·G)");
        }
    }

    private static void assertG1(AltBn128Reference.G1 expected, AltBn128.G1 actual, String what) {
        byte[] encoded = AltBn128.encode(actual);
        byte[] reference = AltBn128Reference.encode(expected);
        assertArrayEquals(reference, encoded, what);
    }

    @Test
    void twistPointValidationMatchesReference() {
        byte[] generator = concat(word(G2_GEN_IM_RE[0]), word(G2_GEN_IM_RE[1]), word(G2_GEN_IM_RE[2]),
                word(G2_GEN_IM_RE[3]));
        AltBn128Reference.G2 refGen = AltBn128Reference.decodeG2(generator, 0);
        for (int i = 0; i < 4; i++) {
            AltBn128Reference.G2 q = AltBn128Reference.multiply(refGen, new BigInteger(200, random));
            byte[] encoded = concat(word(q.x().b()), word(q.x().a()), word(q.y().b()), word(q.y().a()));
            AltBn128.G2 decoded = AltBn128.decodeG2(encoded, 0);
            assertTrue(decoded != null && AltBn128.failure(decoded) == null, "a multiple of the generator is in G2");
            assertEquals(q.x().a(), decoded.x().reValue());
            assertEquals(q.y().b(), decoded.y().imValue());
            encoded[100] ^= 4;
            assertEquals(AltBn128Reference.decodeG2(encoded, 0) == AltBn128Reference.INVALID_G2,
                    AltBn128.failure(AltBn128.decodeG2(encoded, 0)) != null, "a corrupted point");
        }
    }

    /** Whole pairing checks against the reference: a few only, since the reference takes a good fraction of a second. */
    @Test
    void pairingMatchesReference() {
        AltBn128Pairing pairing = new AltBn128Pairing();
        AltBn128Reference.G1 g1 = new AltBn128Reference.G1(BigInteger.ONE, BigInteger.TWO);
        byte[] generator = concat(word(G2_GEN_IM_RE[0]), word(G2_GEN_IM_RE[1]), word(G2_GEN_IM_RE[2]),
                word(G2_GEN_IM_RE[3]));
        AltBn128Reference.G2 g2 = AltBn128Reference.decodeG2(generator, 0);
        for (int i = 0; i < 3; i++) {
            BigInteger a = new BigInteger(128, random);
            BigInteger b = new BigInteger(128, random);
            AltBn128Reference.G1 p = AltBn128Reference.multiply(g1, a);
            AltBn128Reference.G2 q = AltBn128Reference.multiply(g2, b);
            // Balanced in the even rounds (e(aG, bH)·e(−abG, H) = 1), unbalanced in the odd ones.
            BigInteger c = i % 2 == 0 ? a.multiply(b).mod(R) : a.multiply(b).add(BigInteger.ONE).mod(R);
            AltBn128Reference.G1 minusC = AltBn128Reference.multiply(g1, c).negate();
            BigInteger[] product = AltBn128Reference.fp12Mul(AltBn128Reference.millerLoop(q, p),
                    AltBn128Reference.millerLoop(g2, minusC));
            boolean expected = AltBn128Reference.finalExponentiationIsOne(product);
            assertEquals(i % 2 == 0, expected, "reference sanity");
            byte[] input = concat(AltBn128Reference.encode(p), encodeG2(q), AltBn128Reference.encode(minusC), generator);
            assertEquals(expected ? 1 : 0, pairing.run(input).output()[31], "pairing round " + i);
        }
    }

    private static byte[] encodeG2(AltBn128Reference.G2 q) {
        return concat(word(q.x().b()), word(q.x().a()), word(q.y().b()), word(q.y().a()));
    }

    private static byte[] word(BigInteger value) {
        return PrecompileInput.leftPad(value, 32);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
