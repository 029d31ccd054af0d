package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Hex;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** BLS12-381 precompiles 0x0b–0x0f (EIP-2537): encodings, subgroup rules, gas, and group/pairing properties. */
class Bls12PrecompilesTest {
    /** EIP-2537 "Curve parameters": the main subgroup order q and the generators H1 (G1) and H2 (G2). */
    private static final BigInteger Q = new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);
    private static final String PAD = "00".repeat(16);
    static final byte[] G1 = Hex.decode(
            PAD + "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"
            + PAD + "08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1");
    static final byte[] G2 = Hex.decode(
            PAD + "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"
            + PAD + "13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e"
            + PAD + "0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"
            + PAD + "0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be");
    private static final byte[] G1_INF = new byte[128];
    private static final byte[] G2_INF = new byte[256];

    private final Bls12G1Add g1Add = new Bls12G1Add();
    private final Bls12G2Add g2Add = new Bls12G2Add();
    private final Bls12G1Msm g1Msm = new Bls12G1Msm();
    private final Bls12G2Msm g2Msm = new Bls12G2Msm();
    private final Bls12PairingCheck pairing = new Bls12PairingCheck();

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }

    private static byte[] scalar(BigInteger value) {
        return PrecompileInput.leftPad(value, 32);
    }

    private byte[] g1Mul(byte[] point, BigInteger k) {
        PrecompileResult result = g1Msm.run(concat(point, scalar(k)));
        assertTrue(result.success());
        return result.output();
    }

    private byte[] g2Mul(byte[] point, BigInteger k) {
        PrecompileResult result = g2Msm.run(concat(point, scalar(k)));
        assertTrue(result.success());
        return result.output();
    }

    private static byte[] negateG1(byte[] point) {
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(point, 64, 128));
        return concat(java.util.Arrays.copyOf(point, 64), PrecompileInput.leftPad(Bls12Codec.P.subtract(y), 64));
    }

    @Test
    void generatorsRoundTrip() {
        assertArrayEquals(G1, g1Mul(G1, BigInteger.ONE));
        assertArrayEquals(G2, g2Mul(G2, BigInteger.ONE));
        assertArrayEquals(G1, g1Add.run(concat(G1, G1_INF)).output());
        assertArrayEquals(G2, g2Add.run(concat(G2_INF, G2)).output());
    }

    @Test
    void additionProperties() {
        byte[] twoG1 = g1Mul(G1, BigInteger.TWO);
        assertArrayEquals(twoG1, g1Add.run(concat(G1, G1)).output(), "P + P = 2P");
        byte[] threeG1 = g1Mul(G1, BigInteger.valueOf(3));
        assertArrayEquals(threeG1, g1Add.run(concat(twoG1, G1)).output());
        assertArrayEquals(threeG1, g1Add.run(concat(G1, twoG1)).output(), "commutative");
        assertArrayEquals(G1_INF, g1Add.run(concat(G1, negateG1(G1))).output(), "P + -P = 0");
        assertArrayEquals(G1_INF, g1Add.run(concat(G1_INF, G1_INF)).output());
        byte[] twoG2 = g2Mul(G2, BigInteger.TWO);
        assertArrayEquals(twoG2, g2Add.run(concat(G2, G2)).output());
        assertArrayEquals(g2Mul(G2, BigInteger.valueOf(5)), g2Add.run(concat(twoG2, g2Mul(G2, BigInteger.valueOf(3))))
                .output());
    }

    @Test
    void scalarProperties() {
        Random random = new Random(8);
        BigInteger s = new BigInteger(250, random);
        assertArrayEquals(G1_INF, g1Mul(G1, Q), "q·G = 0");
        assertArrayEquals(G2_INF, g2Mul(G2, Q));
        assertArrayEquals(G1_INF, g1Mul(G1, BigInteger.ZERO));
        assertArrayEquals(g1Mul(G1, s), g1Mul(G1, s.add(Q)), "scalars are not reduced but act mod q");
        assertArrayEquals(g2Mul(G2, s), g2Mul(G2, s.add(Q)));
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        assertArrayEquals(g1Mul(G1, max.mod(Q)), g1Mul(G1, max));
        // Σ: a·G + b·(2G) = (a + 2b)·G
        BigInteger a = new BigInteger(200, random);
        BigInteger b = new BigInteger(200, random);
        byte[] msm = g1Msm.run(concat(G1, scalar(a), g1Mul(G1, BigInteger.TWO), scalar(b))).output();
        assertArrayEquals(g1Mul(G1, a.add(b.shiftLeft(1))), msm);
        byte[] msm2 = g2Msm.run(concat(G2, scalar(a), G2_INF, scalar(b), G2, scalar(b))).output();
        assertArrayEquals(g2Mul(G2, a.add(b)), msm2);
    }

    @Test
    void encodingErrorsFail() {
        byte[] highPadding = G1.clone();
        highPadding[0] = 1;
        assertFalse(g1Add.run(concat(highPadding, G1)).success(), "non-zero top 16 bytes");
        byte[] xPlusP = concat(PrecompileInput.leftPad(new BigInteger(1, java.util.Arrays.copyOf(G1, 64))
                .add(Bls12Codec.P), 64), java.util.Arrays.copyOfRange(G1, 64, 128));
        assertFalse(g1Add.run(concat(xPlusP, G1)).success(), "x + p is not a field element");
        byte[] offCurve = G1.clone();
        offCurve[127] ^= 1;
        assertFalse(g1Add.run(concat(offCurve, G1)).success(), "not on the curve");
        byte[] g2OffCurve = G2.clone();
        g2OffCurve[255] ^= 1;
        assertFalse(g2Add.run(concat(G2, g2OffCurve)).success());
        byte[] swapped = concat(java.util.Arrays.copyOfRange(G2, 64, 128), java.util.Arrays.copyOf(G2, 64),
                java.util.Arrays.copyOfRange(G2, 128, 256));
        assertFalse(g2Add.run(concat(swapped, G2)).success(), "Fp2 coefficients in the wrong order");
        assertFalse(g1Add.run(new byte[255]).success());
        assertFalse(g1Add.run(new byte[257]).success());
        assertFalse(g2Add.run(new byte[511]).success());
        assertFalse(g1Msm.run(new byte[0]).success(), "MSM of nothing");
        assertFalse(g1Msm.run(new byte[161]).success());
        assertFalse(g2Msm.run(new byte[0]).success());
        assertFalse(g2Msm.run(new byte[289]).success());
        assertFalse(pairing.run(new byte[0]).success());
        assertFalse(pairing.run(new byte[385]).success());
    }

    /** A point on E1 outside the order-q subgroup: addition accepts it, MSM and pairing must not. */
    @Test
    void subgroupCheckOnlyWhereRequired() {
        byte[] outside = g1PointOutsideSubgroup(new Random(4));
        assertTrue(g1Add.run(concat(outside, G1)).success(), "G1ADD has no subgroup check");
        assertFalse(g1Msm.run(concat(outside, scalar(BigInteger.ONE))).success());
        assertFalse(pairing.run(concat(outside, G2)).success());
    }

    /** x³ + 4 is a square for about half of all x; p ≡ 3 (mod 4) so its root is a power. Cofactor ≠ 1: not in G1. */
    static byte[] g1PointOutsideSubgroup(Random random) {
        BigInteger p = Bls12Codec.P;
        while (true) {
            BigInteger x = new BigInteger(380, random);
            BigInteger rhs = x.pow(3).add(BigInteger.valueOf(4)).mod(p);
            BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p);
            if (y.multiply(y).mod(p).equals(rhs)) {
                return concat(PrecompileInput.leftPad(x, 64), PrecompileInput.leftPad(y, 64));
            }
        }
    }

    @Test
    void pairingBilinearity() {
        Random random = new Random(9);
        BigInteger a = new BigInteger(200, random);
        BigInteger b = new BigInteger(200, random);
        byte[] aP = g1Mul(G1, a);
        byte[] bQ = g2Mul(G2, b);
        byte[] minusAbP = negateG1(g1Mul(G1, a.multiply(b).mod(Q)));
        byte[] one = new byte[32];
        one[31] = 1;
        assertArrayEquals(one, pairing.run(concat(aP, bQ, minusAbP, G2)).output(), "e(aP, bQ) · e(-abP, Q) = 1");
        assertArrayEquals(new byte[32], pairing.run(concat(aP, bQ, negateG1(aP), G2)).output(), "e(aP,bQ)≠e(aP,Q)");
        assertArrayEquals(new byte[32], pairing.run(concat(G1, G2)).output(), "non-degenerate");
        assertArrayEquals(one, pairing.run(concat(G1_INF, G2)).output(), "infinity contributes 1");
        assertArrayEquals(one, pairing.run(concat(G1, G2_INF, G1_INF, G2_INF)).output());
    }

    @Test
    void gasSchedule() {
        assertEquals(375, g1Add.gas(new byte[256]));
        assertEquals(600, g2Add.gas(new byte[512]));
        assertEquals(12_000, g1Msm.gas(new byte[160]));
        assertEquals(2 * 12_000 * 949 / 1000, g1Msm.gas(new byte[320]));
        assertEquals(128L * 12_000 * 519 / 1000, g1Msm.gas(new byte[160 * 128]));
        assertEquals(200L * 12_000 * 519 / 1000, g1Msm.gas(new byte[160 * 200]));
        assertEquals(0, g1Msm.gas(new byte[159]));
        assertEquals(22_500, g2Msm.gas(new byte[288]));
        assertEquals(2 * 22_500, g2Msm.gas(new byte[576]));
        assertEquals(3L * 22_500 * 923 / 1000, g2Msm.gas(new byte[288 * 3 + 5]));
        assertEquals(37_700, pairing.gas(new byte[0]));
        assertEquals(37_700 + 2 * 32_600, pairing.gas(new byte[768]));
    }

    @Test
    void randomInputsNeverThrow() {
        for (Precompile p : new Precompile[] {g1Add, g2Add, g1Msm, g2Msm, pairing}) {
            PrecompileFuzz.neverThrows(p, 61, 150, 0, 128, 160, 256, 288, 384, 512);
        }
        // Valid field elements that are almost never on the curve reach blst's point checks.
        Random random = new Random(62);
        for (int i = 0; i < 100; i++) {
            byte[] in = new byte[256];
            for (int c = 0; c < 4; c++) {
                byte[] fp = PrecompileInput.leftPad(new BigInteger(380, random), 64);
                System.arraycopy(fp, 0, in, 64 * c, 64);
            }
            assertFalse(g1Add.run(in).success());
            assertFalse(g2Add.run(concat(in, in)).success());
        }
    }
}
