package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

/**
 * EIP-2537 encodings on top of blst's points. A field element is 64 bytes: 16 zero bytes then a 48-byte big-endian
 * integer below p. An Fp2 element is c0 · c1. A point is x · y; all zero bytes is the point at infinity. blst's own
 * uncompressed form is 48-byte coordinates with Fp2 written c1 · c0 (the ZCash order), so decoding reorders.
 * Decoders return null for anything EIP-2537 calls an error; the {@code …Failure} methods then say which error, as
 * geth reports it. They look at the input again rather than have the decoders carry a reason: that costs only calls
 * that fail, which consume all their gas anyway.
 */
final class Bls12Codec {
    static final int FP_LENGTH = 64;
    static final int G1_LENGTH = 128;
    static final int G2_LENGTH = 256;
    static final int SCALAR_LENGTH = 32;

    /** The BLS12-381 base field modulus (EIP-2537, "Curve parameters"). */
    static final BigInteger P = new BigInteger("1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f624"
            + "1eabfffeb153ffffb9feffffffffaaab", 16);

    private static final int BLST_FP = 48;

    private Bls12Codec() {
    }

    /** Copies the 48 significant bytes of the field element at {@code offset} into {@code out}; false if invalid. */
    static boolean readFp(byte[] input, int offset, byte[] out, int outOffset) {
        for (int i = 0; i < 16; i++) {
            if (input[offset + i] != 0) {
                return false;
            }
        }
        System.arraycopy(input, offset + 16, out, outOffset, BLST_FP);
        return new BigInteger(1, java.util.Arrays.copyOfRange(input, offset + 16, offset + FP_LENGTH)).compareTo(P) < 0;
    }

    /** The field element at {@code offset} as an integer below p, or null if invalid. */
    static BigInteger fp(byte[] input, int offset) {
        byte[] raw = new byte[BLST_FP];
        return readFp(input, offset, raw, 0) ? new BigInteger(1, raw) : null;
    }

    private static boolean allZero(byte[] input, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (input[offset + i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** A G1 point on the curve (not necessarily in the subgroup), or null. */
    static P1 g1(byte[] input, int offset) {
        if (allZero(input, offset, G1_LENGTH)) {
            return new P1();
        }
        byte[] raw = new byte[2 * BLST_FP];
        if (!readFp(input, offset, raw, 0) || !readFp(input, offset + FP_LENGTH, raw, BLST_FP)) {
            return null;
        }
        try {
            P1_Affine point = new P1_Affine(raw);
            return point.on_curve() ? point.to_jacobian() : null;
        } catch (RuntimeException e) {
            // blst rejects a point not on the curve while deserialising.
            return null;
        }
    }

    /** A G2 point on the curve (not necessarily in the subgroup), or null. */
    static P2 g2(byte[] input, int offset) {
        if (allZero(input, offset, G2_LENGTH)) {
            return new P2();
        }
        byte[] raw = new byte[4 * BLST_FP];
        boolean valid = readFp(input, offset, raw, BLST_FP) // x.c0
                && readFp(input, offset + FP_LENGTH, raw, 0) // x.c1
                && readFp(input, offset + 2 * FP_LENGTH, raw, 3 * BLST_FP) // y.c0
                && readFp(input, offset + 3 * FP_LENGTH, raw, 2 * BLST_FP); // y.c1
        if (!valid) {
            return null;
        }
        try {
            P2_Affine point = new P2_Affine(raw);
            return point.on_curve() ? point.to_jacobian() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Why {@link #g1} returned null: the first bad coordinate encoding in input order, else the curve equation. */
    static PrecompileResult g1Failure(byte[] input, int offset) {
        PrecompileResult failure = fpFailure(input, offset, 2);
        return failure != null ? failure : PrecompileFailures.BLS12_NOT_ON_CURVE;
    }

    /** Why {@link #g2} returned null: the first bad coordinate encoding in input order, else the curve equation. */
    static PrecompileResult g2Failure(byte[] input, int offset) {
        PrecompileResult failure = fpFailure(input, offset, 4);
        return failure != null ? failure : PrecompileFailures.BLS12_NOT_ON_CURVE;
    }

    /**
     * The failure for the first of {@code count} consecutive field elements from {@code offset} that is not one, or
     * null when all are. Like geth, each element's padding is checked before its value.
     */
    static PrecompileResult fpFailure(byte[] input, int offset, int count) {
        for (int i = 0; i < count; i++) {
            int at = offset + i * FP_LENGTH;
            if (!allZero(input, at, FP_LENGTH - BLST_FP)) {
                return PrecompileFailures.BLS12_FIELD_ELEMENT_TOP_BYTES;
            }
            BigInteger value = new BigInteger(1, java.util.Arrays.copyOfRange(input, at + FP_LENGTH - BLST_FP,
                    at + FP_LENGTH));
            if (value.compareTo(P) >= 0) {
                return PrecompileFailures.BLS12_FIELD_ELEMENT_NOT_IN_FIELD;
            }
        }
        return null;
    }

    static byte[] encode(P1 point) {
        byte[] out = new byte[G1_LENGTH];
        if (point.is_inf()) {
            return out;
        }
        byte[] raw = point.serialize();
        System.arraycopy(raw, 0, out, 16, BLST_FP);
        System.arraycopy(raw, BLST_FP, out, FP_LENGTH + 16, BLST_FP);
        return out;
    }

    static byte[] encode(P2 point) {
        byte[] out = new byte[G2_LENGTH];
        if (point.is_inf()) {
            return out;
        }
        byte[] raw = point.serialize();
        System.arraycopy(raw, BLST_FP, out, 16, BLST_FP); // x.c0
        System.arraycopy(raw, 0, out, FP_LENGTH + 16, BLST_FP); // x.c1
        System.arraycopy(raw, 3 * BLST_FP, out, 2 * FP_LENGTH + 16, BLST_FP); // y.c0
        System.arraycopy(raw, 2 * BLST_FP, out, 3 * FP_LENGTH + 16, BLST_FP); // y.c1
        return out;
    }

    static BigInteger scalar(byte[] input, int offset) {
        return new BigInteger(1, java.util.Arrays.copyOfRange(input, offset, offset + SCALAR_LENGTH));
    }

    /** EIP-2537 MSM pricing: {@code k · multiplicationCost · discount(k) / 1000}, discount capped past the table. */
    static long msmGas(int inputLength, int pairLength, long multiplicationCost, int[] discounts, int maxDiscount) {
        long k = inputLength / pairLength;
        if (k == 0) {
            return 0;
        }
        long discount = k <= discounts.length ? discounts[(int) k - 1] : maxDiscount;
        return k * multiplicationCost * discount / 1000;
    }
}
