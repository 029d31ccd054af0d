package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;

/**
 * Fp2 = Fp[i]/(i² + 1), the field of the BN254 twist: {@code re + im·i}, each a {@link Bn254Fp} Montgomery limb
 * array. Values are immutable (operations return new values) and the arrays are never handed out for writing.
 */
final class Bn254Fp2 {
    static final Bn254Fp2 ZERO = new Bn254Fp2(new long[4], new long[4]);
    static final Bn254Fp2 ONE = new Bn254Fp2(Bn254Fp.one(), new long[4]);

    final long[] re;
    final long[] im;

    Bn254Fp2(long[] re, long[] im) {
        this.re = re;
        this.im = im;
    }

    static Bn254Fp2 of(BigInteger re, BigInteger im) {
        return new Bn254Fp2(Bn254Fp.fromBigInteger(re), Bn254Fp.fromBigInteger(im));
    }

    BigInteger reValue() {
        return Bn254Fp.toBigInteger(re);
    }

    BigInteger imValue() {
        return Bn254Fp.toBigInteger(im);
    }

    Bn254Fp2 add(Bn254Fp2 o) {
        long[] r = new long[4];
        long[] i = new long[4];
        Bn254Fp.add(r, re, o.re);
        Bn254Fp.add(i, im, o.im);
        return new Bn254Fp2(r, i);
    }

    Bn254Fp2 sub(Bn254Fp2 o) {
        long[] r = new long[4];
        long[] i = new long[4];
        Bn254Fp.sub(r, re, o.re);
        Bn254Fp.sub(i, im, o.im);
        return new Bn254Fp2(r, i);
    }

    Bn254Fp2 doubled() {
        return add(this);
    }

    Bn254Fp2 neg() {
        long[] r = new long[4];
        long[] i = new long[4];
        Bn254Fp.neg(r, re);
        Bn254Fp.neg(i, im);
        return new Bn254Fp2(r, i);
    }

    Bn254Fp2 conjugate() {
        long[] i = new long[4];
        Bn254Fp.neg(i, im);
        return new Bn254Fp2(re, i);
    }

    /** Karatsuba: three base-field products. */
    Bn254Fp2 mul(Bn254Fp2 o) {
        long[] v0 = new long[4];
        long[] v1 = new long[4];
        long[] sa = new long[4];
        long[] sb = new long[4];
        Bn254Fp.mul(v0, re, o.re);
        Bn254Fp.mul(v1, im, o.im);
        Bn254Fp.add(sa, re, im);
        Bn254Fp.add(sb, o.re, o.im);
        Bn254Fp.mul(sa, sa, sb);
        Bn254Fp.sub(sa, sa, v0);
        Bn254Fp.sub(sa, sa, v1);
        Bn254Fp.sub(v0, v0, v1);
        return new Bn254Fp2(v0, sa);
    }

    /** (a + bi)² = (a + b)(a − b) + 2ab·i: two base-field products. */
    Bn254Fp2 square() {
        long[] s = new long[4];
        long[] d = new long[4];
        long[] p = new long[4];
        Bn254Fp.add(s, re, im);
        Bn254Fp.sub(d, re, im);
        Bn254Fp.mul(s, s, d);
        Bn254Fp.mul(p, re, im);
        Bn254Fp.doubled(p, p);
        return new Bn254Fp2(s, p);
    }

    /** Multiplication by a base-field element (Montgomery limbs). */
    Bn254Fp2 scale(long[] k) {
        long[] r = new long[4];
        long[] i = new long[4];
        Bn254Fp.mul(r, re, k);
        Bn254Fp.mul(i, im, k);
        return new Bn254Fp2(r, i);
    }

    /** Multiplication by ξ = 9 + i, the Fp6 non-residue: (9a − b) + (a + 9b)i, additions only. */
    Bn254Fp2 mulByXi() {
        long[] r = new long[4];
        long[] i = new long[4];
        times9(r, re);
        Bn254Fp.sub(r, r, im);
        times9(i, im);
        Bn254Fp.add(i, i, re);
        return new Bn254Fp2(r, i);
    }

    private static void times9(long[] out, long[] a) {
        Bn254Fp.doubled(out, a);
        Bn254Fp.doubled(out, out);
        Bn254Fp.doubled(out, out);
        Bn254Fp.add(out, out, a);
    }

    /** (a − bi)/(a² + b²); the inverse of 0 comes out as 0. */
    Bn254Fp2 inverse() {
        long[] norm = new long[4];
        long[] t = new long[4];
        Bn254Fp.square(norm, re);
        Bn254Fp.square(t, im);
        Bn254Fp.add(norm, norm, t);
        Bn254Fp.inverse(norm, norm);
        return conjugate().scale(norm);
    }

    /** Square-and-multiply; for constants computed once. */
    Bn254Fp2 pow(BigInteger exponent) {
        Bn254Fp2 result = ONE;
        for (int i = exponent.bitLength() - 1; i >= 0; i--) {
            result = result.square();
            if (exponent.testBit(i)) {
                result = result.mul(this);
            }
        }
        return result;
    }

    boolean isZero() {
        return Bn254Fp.isZero(re) && Bn254Fp.isZero(im);
    }

    boolean sameAs(Bn254Fp2 o) {
        return Bn254Fp.equal(re, o.re) && Bn254Fp.equal(im, o.im);
    }
}
