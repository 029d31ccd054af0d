package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import supranational.blst.P1_Affine;

/**
 * Each way POINT EVALUATION (0x0a) fails, with the text geth 02b73d4 reports for it: core/vm/contracts.go's own
 * errors, or "error verifying kzg proof: " and the reason its default backend go-eth-kzg v1.5.0 gives, which for a
 * point is gnark-crypto v0.18.1's (ecc/bls12-381 G1Affine.SetBytes). The texts below are typed from those sources.
 * Inputs start from a proof c-kzg-4844 computes for a random blob and break one field.
 */
class KzgPointEvaluationErrorsTest {
    private static final String KZG = "error verifying kzg proof: ";
    private static final String SCALAR =
            KZG + "scalar is not canonical when interpreted as a big integer in big-endian";
    private static final String BAD_FLAGS = KZG + "invalid point encoding";
    private static final String SHORT_BUFFER = KZG + "short buffer";
    private static final String BAD_INFINITY = KZG + "invalid infinity point encoding";
    private static final String X_NOT_IN_FIELD = KZG + "invalid fp.Element encoding";
    private static final String NO_ROOT = KZG + "invalid compressed coordinate: square root doesn't exist";
    private static final String SUBGROUP = KZG + "invalid point: subgroup check failed";
    private static final String NOT_VERIFIED = KZG + "can't verify opening proof";

    private static final int Z = 32;
    private static final int Y = 64;
    private static final int COMMITMENT = 96;
    private static final int PROOF = 144;
    /** The BLS12-381 base field modulus p (EIP-2537), which x of a commitment or proof must be below. */
    private static final BigInteger P = new BigInteger(
            "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab", 16);
    /** EIP-4844's BLS_MODULUS, which z and y must be below. */
    private static final BigInteger BLS_MODULUS =
            new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16);

    private static KzgPointEvaluation precompile;
    private static byte[] good;

    @BeforeAll
    static void setUp() {
        precompile = new KzgPointEvaluation(KzgTrustedSetup.mainnet());
        good = KzgPointEvaluationTest.validInput(new Random(40));
        assertTrue(precompile.run(good).success(), "the unbroken input verifies");
    }

    /** Puts {@code commitment} in and the versioned hash EIP-4844 derives from it, so that the hash matches. */
    private static byte[] withCommitment(byte[] input, byte[] commitment) {
        System.arraycopy(commitment, 0, input, COMMITMENT, 48);
        byte[] hash = Sha256.digest(commitment);
        hash[0] = 0x01;
        System.arraycopy(hash, 0, input, 0, 32);
        return input;
    }

    private static byte[] withProof(byte[] input, byte[] proof) {
        System.arraycopy(proof, 0, input, PROOF, 48);
        return input;
    }

    private static byte[] withWord(byte[] input, int offset, BigInteger value) {
        System.arraycopy(PrecompileInput.leftPad(value, 32), 0, input, offset, 32);
        return input;
    }

    private static void assertFails(String expected, byte[] input, String what) {
        PrecompileResult result = precompile.run(input);
        assertFalse(result.success(), what);
        assertEquals(expected, result.error(), what);
    }

    /** 48 bytes: x big-endian with the three flag bits on top. */
    private static byte[] point(int flags, BigInteger x) {
        byte[] out = new byte[48];
        byte[] raw = x.toByteArray();
        int n = Math.min(raw.length, 48);
        System.arraycopy(raw, raw.length - n, out, 48 - n, n);
        out[0] |= (byte) flags;
        return out;
    }

    private static boolean hasRoot(BigInteger x) {
        BigInteger rhs = x.pow(3).add(BigInteger.valueOf(4)).mod(P);
        BigInteger root = rhs.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
        return root.multiply(root).mod(P).equals(rhs);
    }

    /** A small x for which y² = x³ + 4 has a solution ({@code root}) or none. */
    private static BigInteger smallX(boolean root) {
        BigInteger x = BigInteger.ONE;
        while (hasRoot(x) != root) {
            x = x.add(BigInteger.ONE);
        }
        return x;
    }

    /** Bad points of every kind gnark-crypto names, with the text each gets. */
    private static Object[][] badPoints() {
        BigInteger onCurve = smallX(true);
        byte[] outside = point(0x80, onCurve);
        assertFalse(new P1_Affine(outside).in_group(), "a small x on the curve is outside G1 (cofactor ≠ 1)");
        byte[] junkInfinity = point(0xc0, BigInteger.ZERO);
        junkInfinity[47] = 1;
        byte[] junkInFlagByte = point(0xc0, BigInteger.ZERO);
        junkInFlagByte[0] |= 0x01;
        return new Object[][] {
            {point(0x20, onCurve), BAD_FLAGS, "flags 001"},
            {point(0x60, onCurve), BAD_FLAGS, "flags 011"},
            {point(0xe0, BigInteger.ZERO), BAD_FLAGS, "flags 111"},
            {point(0x00, onCurve), SHORT_BUFFER, "flags 000: uncompressed, which takes 96 bytes"},
            {point(0x40, BigInteger.ZERO), SHORT_BUFFER, "flags 010: uncompressed infinity"},
            {junkInfinity, BAD_INFINITY, "compressed infinity with a non-zero byte"},
            {junkInFlagByte, BAD_INFINITY, "compressed infinity with a low bit of the flag byte set"},
            {point(0x80, P), X_NOT_IN_FIELD, "x = p"},
            {point(0xa0, P.add(BigInteger.TWO)), X_NOT_IN_FIELD, "x = p + 2, larger y"},
            {point(0x80, smallX(false)), NO_ROOT, "no y for this x"},
            {outside, SUBGROUP, "on the curve, outside G1"},
        };
    }

    @Test
    void lengthAndVersionedHash() {
        for (int length : new int[] {0, 191, 193}) {
            assertFails("invalid input length", Arrays.copyOf(good, length), length + " bytes");
        }
        byte[] wrongHash = good.clone();
        wrongHash[5] ^= 0x04;
        assertFails("mismatched versioned hash", wrongHash, "a hash byte");
        byte[] wrongVersion = good.clone();
        wrongVersion[0] = 0x02;
        assertFails("mismatched versioned hash", wrongVersion, "the version byte");
        byte[] alsoBadZ = withWord(wrongHash.clone(), Z, BLS_MODULUS);
        assertFails("mismatched versioned hash", alsoBadZ, "the hash is checked before anything is decoded");
    }

    @Test
    void scalarsNotBelowTheModulus() {
        assertFails(SCALAR, withWord(good.clone(), Z, BLS_MODULUS), "z = BLS_MODULUS");
        assertFails(SCALAR, withWord(good.clone(), Y, BLS_MODULUS.add(BigInteger.ONE)), "y = BLS_MODULUS + 1");
        byte[] allOnes = good.clone();
        Arrays.fill(allOnes, Y, Y + 32, (byte) 0xff);
        assertFails(SCALAR, allOnes, "y = 2^256 - 1");
        byte[] badCommitment = withCommitment(good.clone(), point(0x20, BigInteger.ONE));
        assertFails(SCALAR, withWord(badCommitment, Z, BLS_MODULUS), "scalars are decoded before points");
    }

    @Test
    void badCommitments() {
        for (Object[] c : badPoints()) {
            assertFails((String) c[1], withCommitment(good.clone(), (byte[]) c[0]), "commitment: " + c[2]);
        }
    }

    @Test
    void badProofs() {
        for (Object[] c : badPoints()) {
            assertFails((String) c[1], withProof(good.clone(), (byte[]) c[0]), "proof: " + c[2]);
        }
        byte[] both = withProof(withCommitment(good.clone(), point(0x00, BigInteger.ONE)), point(0x20, BigInteger.ONE));
        assertFails(SHORT_BUFFER, both, "the commitment is decoded before the proof");
    }

    @Test
    void wellFormedButWrong() {
        byte[] otherY = good.clone();
        otherY[Y + 31] ^= 1;
        assertFails(NOT_VERIFIED, otherY, "another y");
        byte[] otherZ = good.clone();
        otherZ[Z + 31] ^= 1;
        assertFails(NOT_VERIFIED, otherZ, "another z");
        byte[] infinity = point(0xc0, BigInteger.ZERO);
        assertFails(NOT_VERIFIED, withProof(good.clone(), infinity), "the proof at infinity decodes");
        assertFails(NOT_VERIFIED, withCommitment(good.clone(), infinity), "the commitment at infinity decodes");
    }
}
