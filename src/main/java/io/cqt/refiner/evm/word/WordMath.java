package io.cqt.refiner.evm.word;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * 256-bit EVM word arithmetic on four 64-bit limbs held in a flat {@code long[]}, changed in place.
 *
 * <p>A word at index {@code i} occupies {@code w[i..i+3]}, most significant limb first. Binary operations read the
 * operand {@code a} (the stack top) and {@code b} (the item below) and write the result over {@code b}, so the stack
 * shrinks by one word without copying. Operations that need temporaries take a caller-owned {@code long[] t} of at
 * least {@link #SCRATCH} longs; nothing here allocates. Named {@code WordMath} rather than STYLE's {@code UInt256} so
 * it does not shadow the model type {@link io.cqt.refiner.types.UInt256} used beside it.
 */
public final class WordMath {
    /** Longs of scratch space the division-based operations need. */
    public static final int SCRATCH = 48;

    // Scratch layout (little-endian limb arrays): numerator, divisor, quotient, one spare for divlu's remainder.
    private static final int U = 0;      // up to 8 limbs + 1 normalisation limb
    private static final int V = 10;     // up to 4 limbs
    private static final int Q = 14;     // up to 9 limbs
    private static final int REM = 24;   // remainder of the last divlu
    private static final int X = 28;     // 4-limb temporaries for EXP: base (28..31), result (32..35), product (36..43)

    // A byte array viewed as big-endian longs: one load or store (and a byte swap) instead of eight.
    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private WordMath() {
    }

    // ---------------------------------------------------------------- loading and testing

    public static void set(long[] w, int i, long u3, long u2, long u1, long u0) {
        w[i] = u3;
        w[i + 1] = u2;
        w[i + 2] = u1;
        w[i + 3] = u0;
    }

    public static void setLong(long[] w, int i, long value) {
        w[i] = 0;
        w[i + 1] = 0;
        w[i + 2] = 0;
        w[i + 3] = value;
    }

    public static boolean isZero(long[] w, int i) {
        return (w[i] | w[i + 1] | w[i + 2] | w[i + 3]) == 0;
    }

    /** The word as a non-negative long, or {@link Long#MAX_VALUE} when it does not fit (offsets, sizes, gas). */
    public static long clampedToLong(long[] w, int i) {
        if ((w[i] | w[i + 1] | w[i + 2]) != 0 || w[i + 3] < 0) {
            return Long.MAX_VALUE;
        }
        return w[i + 3];
    }

    /** Reads 32 big-endian bytes into the word at {@code i}. */
    public static void fromBytes32(long[] w, int i, byte[] src, int off) {
        w[i] = getLong(src, off);
        w[i + 1] = getLong(src, off + 8);
        w[i + 2] = getLong(src, off + 16);
        w[i + 3] = getLong(src, off + 24);
    }

    /**
     * Reads {@code len} (0..32) big-endian bytes as an unsigned number. Whole limbs are read as longs; a partial top
     * limb is read as the long ending at its last byte, masked, when that long starts inside {@code src}.
     */
    public static void fromBytes(long[] w, int i, byte[] src, int off, int len) {
        int end = off + len;
        for (int limb = 3; limb >= 0; limb--) {
            int have = end - off; // bytes left for this limb and the ones above it
            if (have >= 8) {
                end -= 8;
                w[i + limb] = getLong(src, end);
            } else if (have <= 0) {
                w[i + limb] = 0;
            } else if (end >= 8) {
                w[i + limb] = getLong(src, end - 8) & (-1L >>> ((8 - have) << 3));
                end = off;
            } else {
                long v = 0;
                for (int k = off; k < end; k++) {
                    v = (v << 8) | (src[k] & 0xffL);
                }
                w[i + limb] = v;
                end = off;
            }
        }
    }

    public static void toBytes32(long[] w, int i, byte[] dst, int off) {
        putLong(dst, off, w[i]);
        putLong(dst, off + 8, w[i + 1]);
        putLong(dst, off + 16, w[i + 2]);
        putLong(dst, off + 24, w[i + 3]);
    }

    public static long getLong(byte[] b, int off) {
        return (long) BIG_ENDIAN_LONG.get(b, off);
    }

    public static void putLong(byte[] b, int off, long v) {
        BIG_ENDIAN_LONG.set(b, off, v);
    }

    // ---------------------------------------------------------------- arithmetic

    /** b = a + b (mod 2^256). */
    public static void add(long[] w, int a, int b) {
        long s0 = w[a + 3] + w[b + 3];
        long c = Long.compareUnsigned(s0, w[a + 3]) < 0 ? 1 : 0;
        long s1 = w[a + 2] + w[b + 2] + c;
        c = c == 0 ? (Long.compareUnsigned(s1, w[a + 2]) < 0 ? 1 : 0) : (Long.compareUnsigned(s1, w[a + 2]) <= 0 ? 1 : 0);
        long s2 = w[a + 1] + w[b + 1] + c;
        c = c == 0 ? (Long.compareUnsigned(s2, w[a + 1]) < 0 ? 1 : 0) : (Long.compareUnsigned(s2, w[a + 1]) <= 0 ? 1 : 0);
        w[b] = w[a] + w[b] + c;
        w[b + 1] = s2;
        w[b + 2] = s1;
        w[b + 3] = s0;
    }

    /** b = a - b (mod 2^256). */
    public static void sub(long[] w, int a, int b) {
        long x0 = w[a + 3], y0 = w[b + 3];
        long d0 = x0 - y0;
        long br = Long.compareUnsigned(x0, y0) < 0 ? 1 : 0;
        long x1 = w[a + 2], y1 = w[b + 2];
        long d1 = x1 - y1 - br;
        br = br == 0 ? (Long.compareUnsigned(x1, y1) < 0 ? 1 : 0) : (Long.compareUnsigned(x1, y1) <= 0 ? 1 : 0);
        long x2 = w[a + 1], y2 = w[b + 1];
        long d2 = x2 - y2 - br;
        br = br == 0 ? (Long.compareUnsigned(x2, y2) < 0 ? 1 : 0) : (Long.compareUnsigned(x2, y2) <= 0 ? 1 : 0);
        w[b] = w[a] - w[b] - br;
        w[b + 1] = d2;
        w[b + 2] = d1;
        w[b + 3] = d0;
    }

    /** b = a * b (mod 2^256). */
    public static void mul(long[] w, int a, int b) {
        mulInto(w, a, w, b, w, b);
    }

    /** dst = x * y (mod 2^256); dst may alias x or y. */
    static void mulInto(long[] xw, int x, long[] yw, int y, long[] dw, int d) {
        long x0 = xw[x + 3], x1 = xw[x + 2], x2 = xw[x + 1], x3 = xw[x];
        long y0 = yw[y + 3], y1 = yw[y + 2], y2 = yw[y + 1], y3 = yw[y];
        // r0
        long r0 = x0 * y0;
        long c = Math.unsignedMultiplyHigh(x0, y0);
        // r1 = c + x0*y1 + x1*y0
        long r1 = c;
        long r2 = 0;
        long lo = x0 * y1;
        long hi = Math.unsignedMultiplyHigh(x0, y1);
        r1 += lo;
        r2 += hi + (Long.compareUnsigned(r1, lo) < 0 ? 1 : 0);
        lo = x1 * y0;
        hi = Math.unsignedMultiplyHigh(x1, y0);
        r1 += lo;
        long carry = hi + (Long.compareUnsigned(r1, lo) < 0 ? 1 : 0);
        long r2b = r2 + carry;
        long r3 = Long.compareUnsigned(r2b, r2) < 0 ? 1 : 0;
        r2 = r2b;
        // r2 += x0*y2 + x1*y1 + x2*y0 (the high parts go to r3)
        lo = x0 * y2;
        hi = Math.unsignedMultiplyHigh(x0, y2);
        r2 += lo;
        r3 += hi + (Long.compareUnsigned(r2, lo) < 0 ? 1 : 0);
        lo = x1 * y1;
        hi = Math.unsignedMultiplyHigh(x1, y1);
        r2 += lo;
        r3 += hi + (Long.compareUnsigned(r2, lo) < 0 ? 1 : 0);
        lo = x2 * y0;
        hi = Math.unsignedMultiplyHigh(x2, y0);
        r2 += lo;
        r3 += hi + (Long.compareUnsigned(r2, lo) < 0 ? 1 : 0);
        // r3 += low parts of x0*y3 + x1*y2 + x2*y1 + x3*y0
        r3 += x0 * y3 + x1 * y2 + x2 * y1 + x3 * y0;
        dw[d] = r3;
        dw[d + 1] = r2;
        dw[d + 2] = r1;
        dw[d + 3] = r0;
    }

    /** b = a / b, unsigned; zero when b is zero. */
    public static void div(long[] w, int a, int b, long[] t) {
        if (isZero(w, b)) {
            return;
        }
        if ((w[a] | w[a + 1] | w[a + 2] | w[b] | w[b + 1] | w[b + 2]) == 0) {
            setLong(w, b, Long.divideUnsigned(w[a + 3], w[b + 3]));
            return;
        }
        divide(w, a, b, t);
        for (int k = 0; k < 4; k++) {
            w[b + 3 - k] = t[Q + k];
        }
    }

    /** b = a mod b, unsigned; zero when b is zero. */
    public static void mod(long[] w, int a, int b, long[] t) {
        if (isZero(w, b)) {
            return;
        }
        if ((w[a] | w[a + 1] | w[a + 2] | w[b] | w[b + 1] | w[b + 2]) == 0) {
            setLong(w, b, Long.remainderUnsigned(w[a + 3], w[b + 3]));
            return;
        }
        divide(w, a, b, t);
        for (int k = 0; k < 4; k++) {
            w[b + 3 - k] = t[U + k];
        }
    }

    /** b = a / b, two's complement, rounding toward zero; zero when b is zero. */
    public static void sdiv(long[] w, int a, int b, long[] t) {
        if (isZero(w, b)) {
            return;
        }
        boolean negA = w[a] < 0;
        boolean negB = w[b] < 0;
        // Negate into place and back so no temporary word is needed; a is restored afterwards.
        if (negA) {
            negate(w, a);
        }
        if (negB) {
            negate(w, b);
        }
        div(w, a, b, t);
        if (negA != negB) {
            negate(w, b);
        }
        if (negA) {
            negate(w, a);
        }
    }

    /** b = a smod b: the sign follows a; zero when b is zero. */
    public static void smod(long[] w, int a, int b, long[] t) {
        if (isZero(w, b)) {
            return;
        }
        boolean negA = w[a] < 0;
        if (negA) {
            negate(w, a);
        }
        if (w[b] < 0) {
            negate(w, b);
        }
        mod(w, a, b, t);
        if (negA) {
            negate(w, b);
            negate(w, a);
        }
    }

    /** n = (a + b) mod n with the 257-bit intermediate sum; zero when n is zero. */
    public static void addmod(long[] w, int a, int b, int n, long[] t) {
        if (isZero(w, n)) {
            return;
        }
        long carry = 0;
        for (int k = 0; k < 4; k++) {
            long x = w[a + 3 - k];
            long s = x + w[b + 3 - k];
            long c1 = Long.compareUnsigned(s, x) < 0 ? 1 : 0;
            long s2 = s + carry;
            long c2 = Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
            t[U + k] = s2;
            carry = c1 + c2;
        }
        t[U + 4] = carry;
        modInto(w, n, t, 5);
    }

    /** n = (a * b) mod n with the 512-bit intermediate product; zero when n is zero. */
    public static void mulmod(long[] w, int a, int b, int n, long[] t) {
        if (isZero(w, n)) {
            return;
        }
        for (int k = 0; k < 8; k++) {
            t[U + k] = 0;
        }
        for (int i = 0; i < 4; i++) {
            long x = w[a + 3 - i];
            long carry = 0;
            for (int j = 0; j < 4; j++) {
                long y = w[b + 3 - j];
                long lo = x * y;
                long hi = Math.unsignedMultiplyHigh(x, y);
                long s = t[U + i + j] + lo;
                hi += Long.compareUnsigned(s, lo) < 0 ? 1 : 0;
                long s2 = s + carry;
                hi += Long.compareUnsigned(s2, s) < 0 ? 1 : 0;
                t[U + i + j] = s2;
                carry = hi;
            }
            t[U + i + 4] = carry;
        }
        modInto(w, n, t, 8);
    }

    /** b = a ^ b (mod 2^256), square-and-multiply over the exponent's bits. */
    public static void exp(long[] w, int a, int b, long[] t) {
        // base -> t[X], result -> t[X+4], exponent read from b before it is overwritten.
        t[X] = w[a];
        t[X + 1] = w[a + 1];
        t[X + 2] = w[a + 2];
        t[X + 3] = w[a + 3];
        setLong(t, X + 4, 1);
        long e3 = w[b], e2 = w[b + 1], e1 = w[b + 2], e0 = w[b + 3];
        int bits = bitLength(e3, e2, e1, e0);
        for (int i = 0; i < bits; i++) {
            long limb = i < 64 ? e0 : i < 128 ? e1 : i < 192 ? e2 : e3;
            if (((limb >>> (i & 63)) & 1) != 0) {
                mulInto(t, X + 4, t, X, t, X + 4);
            }
            if (i + 1 < bits) {
                mulInto(t, X, t, X, t, X);
            }
        }
        w[b] = t[X + 4];
        w[b + 1] = t[X + 5];
        w[b + 2] = t[X + 6];
        w[b + 3] = t[X + 7];
    }

    /** The number of significant bytes of a word (EXP's dynamic gas). */
    public static int byteLength(long[] w, int i) {
        return (bitLength(w[i], w[i + 1], w[i + 2], w[i + 3]) + 7) >>> 3;
    }

    /** x = sign-extend x from byte index b (top), b >= 31 leaves x unchanged. */
    public static void signextend(long[] w, int b, int x) {
        if ((w[b] | w[b + 1] | w[b + 2]) != 0 || Long.compareUnsigned(w[b + 3], 31) >= 0) {
            return;
        }
        int bit = (int) w[b + 3] * 8 + 7; // index of the sign bit, 7..255
        int limb = 3 - (bit >>> 6);       // offset of the limb holding it, counted from the most significant
        int pos = bit & 63;
        boolean negative = ((w[x + limb] >>> pos) & 1) != 0;
        long mask = pos == 63 ? -1L : (1L << (pos + 1)) - 1;
        if (negative) {
            w[x + limb] |= ~mask;
        } else {
            w[x + limb] &= mask;
        }
        long fill = negative ? -1L : 0L;
        for (int k = 0; k < limb; k++) {
            w[x + k] = fill;
        }
    }

    // ---------------------------------------------------------------- comparison and bitwise

    public static int compareUnsigned(long[] w, int a, int b) {
        for (int k = 0; k < 4; k++) {
            if (w[a + k] != w[b + k]) {
                return Long.compareUnsigned(w[a + k], w[b + k]);
            }
        }
        return 0;
    }

    public static int compareSigned(long[] w, int a, int b) {
        if (w[a] != w[b]) {
            return Long.compare(w[a], w[b]);
        }
        for (int k = 1; k < 4; k++) {
            if (w[a + k] != w[b + k]) {
                return Long.compareUnsigned(w[a + k], w[b + k]);
            }
        }
        return 0;
    }

    /** b = a < b ? 1 : 0. */
    public static void lt(long[] w, int a, int b) {
        setLong(w, b, compareUnsigned(w, a, b) < 0 ? 1 : 0);
    }

    public static void gt(long[] w, int a, int b) {
        setLong(w, b, compareUnsigned(w, a, b) > 0 ? 1 : 0);
    }

    public static void slt(long[] w, int a, int b) {
        setLong(w, b, compareSigned(w, a, b) < 0 ? 1 : 0);
    }

    public static void sgt(long[] w, int a, int b) {
        setLong(w, b, compareSigned(w, a, b) > 0 ? 1 : 0);
    }

    public static void eq(long[] w, int a, int b) {
        setLong(w, b, compareUnsigned(w, a, b) == 0 ? 1 : 0);
    }

    public static void iszero(long[] w, int a) {
        setLong(w, a, isZero(w, a) ? 1 : 0);
    }

    public static void and(long[] w, int a, int b) {
        w[b] &= w[a];
        w[b + 1] &= w[a + 1];
        w[b + 2] &= w[a + 2];
        w[b + 3] &= w[a + 3];
    }

    public static void or(long[] w, int a, int b) {
        w[b] |= w[a];
        w[b + 1] |= w[a + 1];
        w[b + 2] |= w[a + 2];
        w[b + 3] |= w[a + 3];
    }

    public static void xor(long[] w, int a, int b) {
        w[b] ^= w[a];
        w[b + 1] ^= w[a + 1];
        w[b + 2] ^= w[a + 2];
        w[b + 3] ^= w[a + 3];
    }

    public static void not(long[] w, int a) {
        w[a] = ~w[a];
        w[a + 1] = ~w[a + 1];
        w[a + 2] = ~w[a + 2];
        w[a + 3] = ~w[a + 3];
    }

    /** x = the i-th byte of x counting from the most significant (i is the top operand); zero for i >= 32. */
    public static void byteOp(long[] w, int i, int x) {
        if ((w[i] | w[i + 1] | w[i + 2]) != 0 || Long.compareUnsigned(w[i + 3], 32) >= 0) {
            setLong(w, x, 0);
            return;
        }
        int n = (int) w[i + 3];
        long limb = w[x + (n >>> 3)];
        setLong(w, x, (limb >>> ((7 - (n & 7)) << 3)) & 0xff);
    }

    /** v = v << shift (shift is the top operand). */
    public static void shl(long[] w, int shift, int v) {
        if ((w[shift] | w[shift + 1] | w[shift + 2]) != 0 || Long.compareUnsigned(w[shift + 3], 256) >= 0) {
            setLong(w, v, 0);
            return;
        }
        int n = (int) w[shift + 3];
        int limbs = n >>> 6;
        int bits = n & 63;
        for (int k = 0; k < 4; k++) {
            int src = k + limbs;
            long hi = src < 4 ? w[v + src] : 0;
            long lo = src + 1 < 4 ? w[v + src + 1] : 0;
            w[v + k] = bits == 0 ? hi : (hi << bits) | (lo >>> (64 - bits));
        }
    }

    /** v = v >>> shift, logical. */
    public static void shr(long[] w, int shift, int v) {
        if ((w[shift] | w[shift + 1] | w[shift + 2]) != 0 || Long.compareUnsigned(w[shift + 3], 256) >= 0) {
            setLong(w, v, 0);
            return;
        }
        shiftRight((int) w[shift + 3], w, v, 0);
    }

    /** v = v >> shift, arithmetic. */
    public static void sar(long[] w, int shift, int v) {
        long fill = w[v] < 0 ? -1L : 0L;
        if ((w[shift] | w[shift + 1] | w[shift + 2]) != 0 || Long.compareUnsigned(w[shift + 3], 256) >= 0) {
            w[v] = fill;
            w[v + 1] = fill;
            w[v + 2] = fill;
            w[v + 3] = fill;
            return;
        }
        shiftRight((int) w[shift + 3], w, v, fill);
    }

    private static void shiftRight(int n, long[] w, int v, long fill) {
        int limbs = n >>> 6;
        int bits = n & 63;
        for (int k = 3; k >= 0; k--) {
            int src = k - limbs;
            long lo = src >= 0 ? w[v + src] : fill;
            long hi = src - 1 >= 0 ? w[v + src - 1] : fill;
            w[v + k] = bits == 0 ? lo : (lo >>> bits) | (hi << (64 - bits));
        }
    }

    /** a = the number of leading zero bits of a (EIP-7939 CLZ); 256 for zero. */
    public static void clz(long[] w, int a) {
        int n;
        if (w[a] != 0) {
            n = Long.numberOfLeadingZeros(w[a]);
        } else if (w[a + 1] != 0) {
            n = 64 + Long.numberOfLeadingZeros(w[a + 1]);
        } else if (w[a + 2] != 0) {
            n = 128 + Long.numberOfLeadingZeros(w[a + 2]);
        } else {
            n = 192 + Long.numberOfLeadingZeros(w[a + 3]);
        }
        setLong(w, a, n);
    }

    // ---------------------------------------------------------------- division internals

    private static int bitLength(long u3, long u2, long u1, long u0) {
        if (u3 != 0) {
            return 256 - Long.numberOfLeadingZeros(u3);
        }
        if (u2 != 0) {
            return 192 - Long.numberOfLeadingZeros(u2);
        }
        if (u1 != 0) {
            return 128 - Long.numberOfLeadingZeros(u1);
        }
        return 64 - Long.numberOfLeadingZeros(u0);
    }

    private static void negate(long[] w, int i) {
        long c = 1;
        for (int k = 3; k >= 0; k--) {
            long v = ~w[i + k] + c;
            c = (c == 1 && v == 0) ? 1 : 0;
            w[i + k] = v;
        }
    }

    /** t[Q..] = a / b, t[U..U+4) = a mod b (little-endian), for b != 0. */
    private static void divide(long[] w, int a, int b, long[] t) {
        for (int k = 0; k < 4; k++) {
            t[U + k] = w[a + 3 - k];
            t[V + k] = w[b + 3 - k];
        }
        knuth(t, 4, significantLimbs(t, V, 4));
    }

    /** w[n] = t[U..U+ulen) mod w[n], for non-zero w[n]. */
    private static void modInto(long[] w, int n, long[] t, int ulen) {
        for (int k = 0; k < 4; k++) {
            t[V + k] = w[n + 3 - k];
        }
        knuth(t, ulen, significantLimbs(t, V, 4));
        for (int k = 0; k < 4; k++) {
            w[n + 3 - k] = t[U + k];
        }
    }

    private static int significantLimbs(long[] t, int off, int len) {
        while (len > 0 && t[off + len - 1] == 0) {
            len--;
        }
        return len;
    }

    /**
     * Knuth's algorithm D (TAOCP 4.3.1) over 64-bit limbs. Divides t[U..U+ulen) by t[V..V+vlen) (vlen >= 1, top limb
     * non-zero); leaves the quotient in t[Q..Q+ulen) and the remainder in t[U..U+4) (zero-filled above vlen).
     */
    private static void knuth(long[] t, int ulen, int vlen) {
        ulen = significantLimbs(t, U, ulen);
        for (int k = 0; k < 9; k++) {
            t[Q + k] = 0;
        }
        if (ulen < vlen) {
            for (int k = ulen; k < 4; k++) {
                t[U + k] = 0;
            }
            return;
        }
        int s = Long.numberOfLeadingZeros(t[V + vlen - 1]);
        if (s != 0) {
            for (int k = vlen - 1; k > 0; k--) {
                t[V + k] = (t[V + k] << s) | (t[V + k - 1] >>> (64 - s));
            }
            t[V] <<= s;
            t[U + ulen] = t[U + ulen - 1] >>> (64 - s);
            for (int k = ulen - 1; k > 0; k--) {
                t[U + k] = (t[U + k] << s) | (t[U + k - 1] >>> (64 - s));
            }
            t[U] <<= s;
        } else {
            t[U + ulen] = 0;
        }
        long vt = t[V + vlen - 1];
        if (vlen == 1) {
            long r = t[U + ulen];
            for (int j = ulen - 1; j >= 0; j--) {
                t[Q + j] = divlu(r, t[U + j], vt, t);
                r = t[REM];
            }
            t[U] = r >>> s;
            t[U + 1] = 0;
            t[U + 2] = 0;
            t[U + 3] = 0;
            return;
        }
        long vt2 = t[V + vlen - 2];
        for (int j = ulen - vlen; j >= 0; j--) {
            long ujn = t[U + j + vlen];
            long ujn1 = t[U + j + vlen - 1];
            long qhat;
            long rhat;
            boolean rhatOverflow;
            if (ujn == vt) {
                qhat = -1L;
                rhat = ujn1 + vt;
                rhatOverflow = Long.compareUnsigned(rhat, ujn1) < 0;
            } else {
                qhat = divlu(ujn, ujn1, vt, t);
                rhat = t[REM];
                rhatOverflow = false;
            }
            long ujn2 = t[U + j + vlen - 2];
            while (!rhatOverflow) {
                long phi = Math.unsignedMultiplyHigh(qhat, vt2);
                long plo = qhat * vt2;
                if (Long.compareUnsigned(phi, rhat) > 0 || (phi == rhat && Long.compareUnsigned(plo, ujn2) > 0)) {
                    qhat--;
                    long nr = rhat + vt;
                    rhatOverflow = Long.compareUnsigned(nr, rhat) < 0;
                    rhat = nr;
                } else {
                    break;
                }
            }
            // Multiply and subtract qhat * v from u[j .. j+vlen].
            long carry = 0;
            for (int i = 0; i < vlen; i++) {
                long plo = qhat * t[V + i];
                long phi = Math.unsignedMultiplyHigh(qhat, t[V + i]);
                plo += carry;
                if (Long.compareUnsigned(plo, carry) < 0) {
                    phi++;
                }
                long ui = t[U + i + j];
                t[U + i + j] = ui - plo;
                carry = phi + (Long.compareUnsigned(ui, plo) < 0 ? 1 : 0);
            }
            long top = t[U + j + vlen];
            t[U + j + vlen] = top - carry;
            if (Long.compareUnsigned(top, carry) < 0) {
                // qhat was one too large: add v back.
                qhat--;
                long c = 0;
                for (int i = 0; i < vlen; i++) {
                    long x = t[U + i + j];
                    long sum = x + t[V + i];
                    long c1 = Long.compareUnsigned(sum, x) < 0 ? 1 : 0;
                    long sum2 = sum + c;
                    long c2 = Long.compareUnsigned(sum2, sum) < 0 ? 1 : 0;
                    t[U + i + j] = sum2;
                    c = c1 + c2;
                }
                t[U + j + vlen] += c;
            }
            t[Q + j] = qhat;
        }
        // Un-normalise the remainder, which sits in u[0..vlen).
        for (int k = 0; k < vlen; k++) {
            long lo = t[U + k];
            long hi = k + 1 < vlen ? t[U + k + 1] : t[U + vlen];
            t[U + k] = s == 0 ? lo : (lo >>> s) | (hi << (64 - s));
        }
        for (int k = vlen; k < 4; k++) {
            t[U + k] = 0;
        }
    }

    /**
     * (u1·2^64 + u0) / v for a normalised v (top bit set) and u1 < v; the remainder goes to t[REM]. Hacker's
     * Delight, divlu, on 32-bit half-limbs.
     */
    private static long divlu(long u1, long u0, long v, long[] t) {
        final long b = 1L << 32;
        long vn1 = v >>> 32;
        long vn0 = v & 0xffffffffL;
        long un1 = u0 >>> 32;
        long un0 = u0 & 0xffffffffL;
        long q1 = Long.divideUnsigned(u1, vn1);
        long rhat = u1 - q1 * vn1;
        while (Long.compareUnsigned(q1, b) >= 0 || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        long un21 = ((u1 << 32) | un1) - q1 * v;
        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while (Long.compareUnsigned(q0, b) >= 0 || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if (Long.compareUnsigned(rhat, b) >= 0) {
                break;
            }
        }
        t[REM] = ((un21 << 32) | un0) - q0 * v;
        return (q1 << 32) | q0;
    }
}
