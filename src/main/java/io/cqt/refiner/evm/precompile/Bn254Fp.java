package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;

/**
 * The BN254 base field Fp as four little-endian 64-bit limbs in Montgomery form (R = 2²⁵⁶). Operations write into
 * an output array (which may alias an input) and allocate nothing, so the tower and curve code above can keep
 * field arithmetic off the heap.
 *
 * <p>Multiplication is CIOS Montgomery. p's top limb is below 2⁶² so a + b < 2²⁵⁵ and the running CIOS sum never
 * needs a fifth limb at the end of a round: one conditional subtraction reduces every result.
 */
final class Bn254Fp {
    static final BigInteger P = new BigInteger(
            "21888242871839275222246405745257275088696311157297823662689037894645226208583");
    private static final long P0 = 0x3c208c16d87cfd47L;
    private static final long P1 = 0x97816a916871ca8dL;
    private static final long P2 = 0xb85045b68181585dL;
    private static final long P3 = 0x30644e72e131a029L;
    /** −p⁻¹ mod 2⁶⁴, by Newton's iteration (each step doubles the correct low bits; p0·p0 ≡ 1 mod 8 to start). */
    private static final long INV = negInverse64(P0);
    /** R² mod p: Montgomery-multiplying by it enters Montgomery form. */
    private static final long[] R_SQUARED = limbs(BigInteger.ONE.shiftLeft(512).mod(P));
    private static final long[] PLAIN_ONE = {1, 0, 0, 0};
    /** Read-only zero, the minuend of negation. */
    private static final long[] ZERO = new long[4];

    private Bn254Fp() {
    }

    private static long negInverse64(long p0) {
        long x = p0;
        for (int i = 0; i < 5; i++) {
            x *= 2 - p0 * x;
        }
        return -x;
    }

    private static long[] limbs(BigInteger value) {
        long[] out = new long[4];
        for (int i = 0; i < 4; i++) {
            out[i] = value.shiftRight(64 * i).longValue();
        }
        return out;
    }

    /** 1 in Montgomery form, as a fresh array. */
    static long[] one() {
        long[] out = new long[4];
        mul(out, R_SQUARED, PLAIN_ONE);
        return out;
    }

    /** A value in [0, p) into Montgomery form. */
    static long[] fromBigInteger(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(P) >= 0) {
            throw new IllegalArgumentException("Fp element out of range [0, p): " + value);
        }
        long[] out = limbs(value);
        mul(out, out, R_SQUARED);
        return out;
    }

    static BigInteger toBigInteger(long[] a) {
        byte[] word = new byte[32];
        write(a, word, 0);
        return new BigInteger(1, word);
    }

    /**
     * Reads the 32-byte big-endian word at {@code offset} (bytes past the input's end read as zero) into {@code out}
     * in Montgomery form; false, leaving {@code out} unspecified, when the word is not below p.
     */
    static boolean read(byte[] input, int offset, long[] out) {
        for (int limb = 0; limb < 4; limb++) {
            long value = 0;
            int start = offset + 32 - 8 * (limb + 1);
            for (int i = 0; i < 8; i++) {
                int at = start + i;
                value = (value << 8) | (at < input.length ? input[at] & 0xFF : 0);
            }
            out[limb] = value;
        }
        if (!lessThanP(out[0], out[1], out[2], out[3])) {
            return false;
        }
        mul(out, out, R_SQUARED);
        return true;
    }

    /** Writes {@code a} as a 32-byte big-endian word at {@code offset}. */
    static void write(long[] a, byte[] out, int offset) {
        long[] plain = new long[4];
        mul(plain, a, PLAIN_ONE);
        for (int limb = 0; limb < 4; limb++) {
            long value = plain[limb];
            int end = offset + 32 - 8 * limb;
            for (int i = 1; i <= 8; i++) {
                out[end - i] = (byte) value;
                value >>>= 8;
            }
        }
    }

    private static boolean lessThanP(long a0, long a1, long a2, long a3) {
        if (a3 != P3) {
            return Long.compareUnsigned(a3, P3) < 0;
        }
        if (a2 != P2) {
            return Long.compareUnsigned(a2, P2) < 0;
        }
        if (a1 != P1) {
            return Long.compareUnsigned(a1, P1) < 0;
        }
        return Long.compareUnsigned(a0, P0) < 0;
    }

    static boolean isZero(long[] a) {
        return (a[0] | a[1] | a[2] | a[3]) == 0;
    }

    static boolean equal(long[] a, long[] b) {
        return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
    }

    static void copy(long[] out, long[] a) {
        System.arraycopy(a, 0, out, 0, 4);
    }

    /** 1 when the unsigned sum {@code sum = x + y} wrapped. */
    private static long carry(long sum, long x) {
        return Long.compareUnsigned(sum, x) < 0 ? 1 : 0;
    }

    /** out = a·b·R⁻¹ mod p. */
    static void mul(long[] out, long[] a, long[] b) {
        long a0 = a[0];
        long a1 = a[1];
        long a2 = a[2];
        long a3 = a[3];
        long t0 = 0;
        long t1 = 0;
        long t2 = 0;
        long t3 = 0;
        for (int i = 0; i < 4; i++) {
            long bi = b[i];
            // t += a·bi; t4 takes the top word.
            long lo = a0 * bi;
            long hi = Math.unsignedMultiplyHigh(a0, bi);
            t0 += lo;
            long c = hi + carry(t0, lo);
            lo = a1 * bi;
            hi = Math.unsignedMultiplyHigh(a1, bi);
            long s = t1 + lo;
            long cc = carry(s, lo);
            t1 = s + c;
            c = hi + cc + carry(t1, c);
            lo = a2 * bi;
            hi = Math.unsignedMultiplyHigh(a2, bi);
            s = t2 + lo;
            cc = carry(s, lo);
            t2 = s + c;
            c = hi + cc + carry(t2, c);
            lo = a3 * bi;
            hi = Math.unsignedMultiplyHigh(a3, bi);
            s = t3 + lo;
            cc = carry(s, lo);
            t3 = s + c;
            long t4 = hi + cc + carry(t3, c);
            // t = (t + m·p) / 2⁶⁴ with m chosen so the low word cancels.
            long m = t0 * INV;
            lo = m * P0;
            s = t0 + lo;
            c = Math.unsignedMultiplyHigh(m, P0) + carry(s, lo);
            lo = m * P1;
            hi = Math.unsignedMultiplyHigh(m, P1);
            s = t1 + lo;
            cc = carry(s, lo);
            t0 = s + c;
            c = hi + cc + carry(t0, c);
            lo = m * P2;
            hi = Math.unsignedMultiplyHigh(m, P2);
            s = t2 + lo;
            cc = carry(s, lo);
            t1 = s + c;
            c = hi + cc + carry(t1, c);
            lo = m * P3;
            hi = Math.unsignedMultiplyHigh(m, P3);
            s = t3 + lo;
            cc = carry(s, lo);
            t2 = s + c;
            c = hi + cc + carry(t2, c);
            t3 = t4 + c;
        }
        reduceOnce(out, t0, t1, t2, t3);
    }

    static void square(long[] out, long[] a) {
        mul(out, a, a);
    }

    /** Writes t − p when t ≥ p, else t; t < 2p. */
    private static void reduceOnce(long[] out, long t0, long t1, long t2, long t3) {
        if (lessThanP(t0, t1, t2, t3)) {
            out[0] = t0;
            out[1] = t1;
            out[2] = t2;
            out[3] = t3;
            return;
        }
        long d0 = t0 - P0;
        long borrow = Long.compareUnsigned(t0, P0) < 0 ? 1 : 0;
        long d1 = t1 - P1 - borrow;
        borrow = Long.compareUnsigned(t1, P1) < 0 || (t1 == P1 && borrow == 1) ? 1 : 0;
        long d2 = t2 - P2 - borrow;
        borrow = Long.compareUnsigned(t2, P2) < 0 || (t2 == P2 && borrow == 1) ? 1 : 0;
        out[0] = d0;
        out[1] = d1;
        out[2] = d2;
        out[3] = t3 - P3 - borrow;
    }

    static void add(long[] out, long[] a, long[] b) {
        long s0 = a[0] + b[0];
        long c = carry(s0, a[0]);
        long s1 = a[1] + b[1];
        long c1 = carry(s1, a[1]);
        s1 += c;
        c = c1 + carry(s1, c);
        long s2 = a[2] + b[2];
        long c2 = carry(s2, a[2]);
        s2 += c;
        c = c2 + carry(s2, c);
        // a, b < p < 2²⁵⁴: the top limb cannot wrap.
        long s3 = a[3] + b[3] + c;
        reduceOnce(out, s0, s1, s2, s3);
    }

    static void doubled(long[] out, long[] a) {
        add(out, a, a);
    }

    static void sub(long[] out, long[] a, long[] b) {
        long a0 = a[0];
        long a1 = a[1];
        long a2 = a[2];
        long a3 = a[3];
        long b0 = b[0];
        long b1 = b[1];
        long b2 = b[2];
        long b3 = b[3];
        long d0 = a0 - b0;
        long borrow = Long.compareUnsigned(a0, b0) < 0 ? 1 : 0;
        long d1 = a1 - b1 - borrow;
        borrow = Long.compareUnsigned(a1, b1) < 0 || (a1 == b1 && borrow == 1) ? 1 : 0;
        long d2 = a2 - b2 - borrow;
        borrow = Long.compareUnsigned(a2, b2) < 0 || (a2 == b2 && borrow == 1) ? 1 : 0;
        long d3 = a3 - b3 - borrow;
        borrow = Long.compareUnsigned(a3, b3) < 0 || (a3 == b3 && borrow == 1) ? 1 : 0;
        if (borrow != 0) {
            // Went below zero: add p back (the carry out of the top limb cancels the borrow).
            long s0 = d0 + P0;
            long c = carry(s0, d0);
            long s1 = d1 + P1;
            long c1 = carry(s1, d1);
            s1 += c;
            c = c1 + carry(s1, c);
            long s2 = d2 + P2;
            long c2 = carry(s2, d2);
            s2 += c;
            c = c2 + carry(s2, c);
            d0 = s0;
            d1 = s1;
            d2 = s2;
            d3 = d3 + P3 + c;
        }
        out[0] = d0;
        out[1] = d1;
        out[2] = d2;
        out[3] = d3;
    }

    static void neg(long[] out, long[] a) {
        if (isZero(a)) {
            copy(out, a);
            return;
        }
        sub(out, ZERO, a);
    }

    /**
     * out = a⁻¹; the inverse of 0 comes out as 0. BigInteger's extended GCD beats a 254-bit Fermat chain over these
     * limbs several times over, and inversion happens once per G1 result, never inside a loop.
     */
    static void inverse(long[] out, long[] a) {
        if (isZero(a)) {
            copy(out, a);
            return;
        }
        copy(out, fromBigInteger(toBigInteger(a).modInverse(P)));
    }
}
