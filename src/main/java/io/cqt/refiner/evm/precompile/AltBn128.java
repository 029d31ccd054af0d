package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;

/**
 * alt_bn128 (BN254) for EIP-196/197: G1 on y² = x³ + 3 over {@link Bn254Fp}, G2 on the D-type twist y² = x³ + 3/ξ
 * over {@link Bn254Fp2} (ξ = 9 + i), and the optimal ate pairing into {@link Bn254Fp12}, where a twisted point
 * (x, y) maps to (x·w², y·w³).
 *
 * <p>Scalar multiplication and the Miller loop run in Jacobian coordinates (x = X/Z², y = Y/Z³), so the only
 * inversions are one per G1 result. The Miller loop's lines are the affine lines scaled by an Fp2 factor; the final
 * exponentiation sends every Fp6 element to 1, so the scaling does not change the check.
 */
final class AltBn128 {
    /** The order of G1 and G2 (EIP-196/197). */
    static final BigInteger R = new BigInteger(
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");
    /** 6u + 2 for the BN parameter u: the optimal ate loop count. */
    private static final BigInteger ATE_LOOP_COUNT = new BigInteger("29793968203157093288");
    /**
     * The hard part of the final exponentiation, (p⁴ − p² + 1)/r, as its base-p digits λ₀..λ₃: then
     * g^hard = Π (g^(p^i))^λᵢ, where each p^i power is a cheap Frobenius map.
     */
    private static final BigInteger[] HARD_EXPONENT_DIGITS = basePDigits(
            Bn254Fp.P.pow(4).subtract(Bn254Fp.P.pow(2)).add(BigInteger.ONE).divide(R));
    private static final long[] CURVE_B = Bn254Fp.fromBigInteger(BigInteger.valueOf(3));
    private static final Bn254Fp2 XI = Bn254Fp2.of(BigInteger.valueOf(9), BigInteger.ONE);
    /** The twist's b: 3/ξ. */
    static final Bn254Fp2 TWIST_B = Bn254Fp2.of(BigInteger.valueOf(3), BigInteger.ZERO).mul(XI.inverse());
    /** Frobenius on the twist: π(x, y) = (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)). */
    private static final Bn254Fp2 FROBENIUS_X = XI.pow(Bn254Fp.P.subtract(BigInteger.ONE).divide(BigInteger.valueOf(3)));
    private static final Bn254Fp2 FROBENIUS_Y = XI.pow(Bn254Fp.P.subtract(BigInteger.ONE).shiftRight(1));

    private AltBn128() {
    }

    private static BigInteger[] basePDigits(BigInteger value) {
        BigInteger[] digits = new BigInteger[4];
        for (int i = 0; i < 4; i++) {
            BigInteger[] qr = value.divideAndRemainder(Bn254Fp.P);
            digits[i] = qr[1];
            value = qr[0];
        }
        if (value.signum() != 0) {
            throw new IllegalStateException("hard exponent does not fit four base-p digits");
        }
        return digits;
    }

    // ---- G1 -----------------------------------------------------------------------------------------------------

    /** An affine G1 point in Montgomery form; null is the point at infinity. The arrays are never written. */
    record G1(long[] x, long[] y) {
        boolean isOnCurve() {
            long[] lhs = new long[4];
            long[] rhs = new long[4];
            Bn254Fp.square(lhs, y);
            Bn254Fp.square(rhs, x);
            Bn254Fp.mul(rhs, rhs, x);
            Bn254Fp.add(rhs, rhs, CURVE_B);
            return Bn254Fp.equal(lhs, rhs);
        }
    }

    /**
     * Sentinels for the encodings EIP-196/197 reject (null already means infinity), one per cause so that the
     * failure can say which, as geth does: see {@link #failure(G1)}. Compared by identity, never computed with.
     */
    static final G1 G1_NOT_IN_FIELD = new G1(new long[4], new long[4]);
    static final G1 G1_NOT_ON_CURVE = new G1(new long[4], new long[4]);
    static final G2 G2_NOT_IN_FIELD = new G2(Bn254Fp2.ZERO, Bn254Fp2.ZERO);
    static final G2 G2_NOT_ON_CURVE = new G2(Bn254Fp2.ZERO, Bn254Fp2.ZERO);
    static final G2 G2_NOT_IN_SUBGROUP = new G2(Bn254Fp2.ZERO, Bn254Fp2.ZERO);

    /** The failure for what {@link #decodeG1} returned, or null when it is a point or infinity. */
    static PrecompileResult failure(G1 decoded) {
        if (decoded == G1_NOT_IN_FIELD) {
            return PrecompileFailures.BN254_COORDINATE_NOT_IN_FIELD;
        }
        return decoded == G1_NOT_ON_CURVE ? PrecompileFailures.BN254_NOT_ON_CURVE : null;
    }

    /** The failure for what {@link #decodeG2} returned, or null when it is a point or infinity. */
    static PrecompileResult failure(G2 decoded) {
        if (decoded == G2_NOT_IN_FIELD) {
            return PrecompileFailures.BN254_COORDINATE_NOT_IN_FIELD;
        }
        if (decoded == G2_NOT_ON_CURVE) {
            return PrecompileFailures.BN254_NOT_ON_CURVE;
        }
        return decoded == G2_NOT_IN_SUBGROUP ? PrecompileFailures.BN254_NOT_IN_SUBGROUP : null;
    }

    /** Affine addition with a single inversion. */
    static G1 add(G1 p, G1 q) {
        if (p == null) {
            return q;
        }
        if (q == null) {
            return p;
        }
        long[] num = new long[4];
        long[] den = new long[4];
        if (Bn254Fp.equal(p.x, q.x)) {
            if (!Bn254Fp.equal(p.y, q.y) || Bn254Fp.isZero(p.y)) {
                return null;
            }
            // Tangent slope 3x²/2y.
            Bn254Fp.square(num, p.x);
            Bn254Fp.add(den, num, num);
            Bn254Fp.add(num, den, num);
            Bn254Fp.doubled(den, p.y);
        } else {
            Bn254Fp.sub(num, q.y, p.y);
            Bn254Fp.sub(den, q.x, p.x);
        }
        long[] slope = new long[4];
        Bn254Fp.inverse(den, den);
        Bn254Fp.mul(slope, num, den);
        long[] x = new long[4];
        Bn254Fp.square(x, slope);
        Bn254Fp.sub(x, x, p.x);
        Bn254Fp.sub(x, x, q.x);
        long[] y = new long[4];
        Bn254Fp.sub(y, p.x, x);
        Bn254Fp.mul(y, y, slope);
        Bn254Fp.sub(y, y, p.y);
        return new G1(x, y);
    }

    /** k·p for the 256-bit big-endian scalar at {@code offset} (bytes past the end read as zero). */
    static G1 multiply(G1 p, byte[] scalar, int offset) {
        G1Jacobian acc = new G1Jacobian();
        for (int bit = 255; bit >= 0; bit--) {
            acc.doubleInPlace();
            int at = offset + 31 - (bit >>> 3);
            if (at < scalar.length && ((scalar[at] >>> (bit & 7)) & 1) != 0) {
                acc.addAffine(p);
            }
        }
        return acc.toAffine();
    }

    /** A mutable Jacobian G1 accumulator; Z = 0 is infinity. Scratch arrays are reused across steps. */
    private static final class G1Jacobian {
        private final long[] x = new long[4];
        private final long[] y = new long[4];
        private final long[] z = new long[4];
        private final long[] t0 = new long[4];
        private final long[] t1 = new long[4];
        private final long[] t2 = new long[4];
        private final long[] t3 = new long[4];
        private final long[] t4 = new long[4];

        boolean isInfinity() {
            return Bn254Fp.isZero(z);
        }

        /** dbl-2009-l (a = 0). */
        void doubleInPlace() {
            if (isInfinity()) {
                return;
            }
            Bn254Fp.square(t0, x);              // A = X²
            Bn254Fp.square(t1, y);              // B = Y²
            Bn254Fp.square(t2, t1);             // C = B²
            Bn254Fp.add(t3, x, t1);
            Bn254Fp.square(t3, t3);
            Bn254Fp.sub(t3, t3, t0);
            Bn254Fp.sub(t3, t3, t2);
            Bn254Fp.doubled(t3, t3);            // D = 2((X + B)² − A − C)
            Bn254Fp.add(t4, t0, t0);
            Bn254Fp.add(t4, t4, t0);            // E = 3A
            Bn254Fp.mul(z, z, y);
            Bn254Fp.doubled(z, z);              // Z3 = 2YZ
            Bn254Fp.square(x, t4);
            Bn254Fp.sub(x, x, t3);
            Bn254Fp.sub(x, x, t3);              // X3 = E² − 2D
            Bn254Fp.sub(y, t3, x);
            Bn254Fp.mul(y, y, t4);
            Bn254Fp.doubled(t2, t2);
            Bn254Fp.doubled(t2, t2);
            Bn254Fp.doubled(t2, t2);
            Bn254Fp.sub(y, y, t2);              // Y3 = E(D − X3) − 8C
        }

        /** Adds an affine point (mixed addition), falling back to doubling or infinity when x coordinates meet. */
        void addAffine(G1 q) {
            if (isInfinity()) {
                Bn254Fp.copy(x, q.x);
                Bn254Fp.copy(y, q.y);
                Bn254Fp.copy(z, Bn254Fp.one());
                return;
            }
            Bn254Fp.square(t0, z);              // Z²
            Bn254Fp.mul(t1, q.x, t0);           // U2 = x₂Z²
            Bn254Fp.mul(t0, t0, z);
            Bn254Fp.mul(t0, t0, q.y);           // S2 = y₂Z³
            Bn254Fp.sub(t1, t1, x);             // H = U2 − X
            Bn254Fp.sub(t0, t0, y);             // R = S2 − Y
            if (Bn254Fp.isZero(t1)) {
                if (Bn254Fp.isZero(t0)) {
                    doubleInPlace();
                } else {
                    java.util.Arrays.fill(z, 0);
                }
                return;
            }
            Bn254Fp.mul(z, z, t1);              // Z3 = ZH
            Bn254Fp.square(t2, t1);             // HH
            Bn254Fp.mul(t3, t2, t1);            // HHH
            Bn254Fp.mul(t2, t2, x);             // V = X·HH
            Bn254Fp.square(x, t0);
            Bn254Fp.sub(x, x, t3);
            Bn254Fp.sub(x, x, t2);
            Bn254Fp.sub(x, x, t2);              // X3 = R² − HHH − 2V
            Bn254Fp.mul(t3, t3, y);             // Y·HHH
            Bn254Fp.sub(y, t2, x);
            Bn254Fp.mul(y, y, t0);
            Bn254Fp.sub(y, y, t3);              // Y3 = R(V − X3) − Y·HHH
        }

        G1 toAffine() {
            if (isInfinity()) {
                return null;
            }
            long[] zInv = new long[4];
            Bn254Fp.inverse(zInv, z);
            long[] zInv2 = new long[4];
            Bn254Fp.square(zInv2, zInv);
            long[] ax = new long[4];
            Bn254Fp.mul(ax, x, zInv2);
            long[] ay = new long[4];
            Bn254Fp.mul(zInv2, zInv2, zInv);
            Bn254Fp.mul(ay, y, zInv2);
            return new G1(ax, ay);
        }
    }

    // ---- G2 -----------------------------------------------------------------------------------------------------

    /** An affine point on the twist; null is the point at infinity. */
    record G2(Bn254Fp2 x, Bn254Fp2 y) {
        boolean isOnCurve() {
            return y.square().sameAs(x.square().mul(x).add(TWIST_B));
        }

        boolean isInSubgroup() {
            G2Jacobian acc = new G2Jacobian();
            for (int i = R.bitLength() - 1; i >= 0; i--) {
                acc.doubleInPlace();
                if (R.testBit(i)) {
                    acc.addAffine(this);
                }
            }
            return acc.isInfinity();
        }

        G2 negate() {
            return new G2(x, y.neg());
        }

        G2 frobenius() {
            return new G2(x.conjugate().mul(FROBENIUS_X), y.conjugate().mul(FROBENIUS_Y));
        }
    }

    /** A mutable Jacobian point on the twist; Z = 0 is infinity. */
    private static final class G2Jacobian {
        private Bn254Fp2 x = Bn254Fp2.ONE;
        private Bn254Fp2 y = Bn254Fp2.ONE;
        private Bn254Fp2 z = Bn254Fp2.ZERO;

        G2Jacobian() {
        }

        G2Jacobian(G2 affine) {
            x = affine.x;
            y = affine.y;
            z = Bn254Fp2.ONE;
        }

        boolean isInfinity() {
            return z.isZero();
        }

        /** dbl-2009-l (a = 0). */
        void doubleInPlace() {
            if (isInfinity()) {
                return;
            }
            Bn254Fp2 a = x.square();
            Bn254Fp2 b = y.square();
            Bn254Fp2 c = b.square();
            Bn254Fp2 d = x.add(b).square().sub(a).sub(c).doubled();
            Bn254Fp2 e = a.doubled().add(a);
            Bn254Fp2 x3 = e.square().sub(d.doubled());
            z = y.mul(z).doubled();
            y = e.mul(d.sub(x3)).sub(c.doubled().doubled().doubled());
            x = x3;
        }

        void addAffine(G2 q) {
            if (isInfinity()) {
                x = q.x;
                y = q.y;
                z = Bn254Fp2.ONE;
                return;
            }
            Bn254Fp2 zz = z.square();
            Bn254Fp2 h = q.x.mul(zz).sub(x);
            Bn254Fp2 r = q.y.mul(zz).mul(z).sub(y);
            if (h.isZero()) {
                if (r.isZero()) {
                    doubleInPlace();
                } else {
                    z = Bn254Fp2.ZERO;
                }
                return;
            }
            Bn254Fp2 hh = h.square();
            Bn254Fp2 hhh = hh.mul(h);
            Bn254Fp2 v = x.mul(hh);
            Bn254Fp2 x3 = r.square().sub(hhh).sub(v.doubled());
            y = r.mul(v.sub(x3)).sub(y.mul(hhh));
            x = x3;
            z = z.mul(h);
        }

        /**
         * The tangent at this point evaluated at p, then doubles. The affine tangent −y_p + m·x_p·w + (y − m·x)·w³
         * with m = 3X²/(2YZ), scaled by 2YZ³: −2YZ³·y_p + 3X²Z²·x_p·w + (2Y² − 3X³)·w³.
         */
        Bn254Fp12 doubleStep(G1 p) {
            Bn254Fp2 zz = z.square();
            Bn254Fp2 xx = x.square();
            Bn254Fp2 xx3 = xx.doubled().add(xx);
            Bn254Fp2 constant = y.mul(zz).mul(z).doubled().scale(p.y).neg();
            Bn254Fp2 wTerm = xx3.mul(zz).scale(p.x);
            Bn254Fp2 w3Term = y.square().doubled().sub(xx3.mul(x));
            doubleInPlace();
            return line(constant, wTerm, w3Term);
        }

        /**
         * The line through this point and q evaluated at p, then adds q. With H = x_q·Z² − X and R = y_q·Z³ − Y the
         * slope is R/(ZH); scaled by ZH the line is −ZH·y_p + R·x_p·w + (y_q·ZH − R·x_q)·w³. A vertical line
         * (q = −this) is x_p − x·w², scaled by Z².
         */
        Bn254Fp12 addStep(G2 q, G1 p) {
            if (isInfinity()) {
                addAffine(q);
                return Bn254Fp12.ONE;
            }
            Bn254Fp2 zz = z.square();
            Bn254Fp2 h = q.x.mul(zz).sub(x);
            Bn254Fp2 r = q.y.mul(zz).mul(z).sub(y);
            if (h.isZero()) {
                if (r.isZero()) {
                    return doubleStep(p);
                }
                Bn254Fp12 vertical = new Bn254Fp12(new Bn254Fp6(zz.scale(p.x), x.neg(), Bn254Fp2.ZERO), Bn254Fp6.ZERO);
                z = Bn254Fp2.ZERO;
                return vertical;
            }
            Bn254Fp2 zh = z.mul(h);
            Bn254Fp2 constant = zh.scale(p.y).neg();
            Bn254Fp2 wTerm = r.scale(p.x);
            Bn254Fp2 w3Term = q.y.mul(zh).sub(r.mul(q.x));
            addAffine(q);
            return line(constant, wTerm, w3Term);
        }

        private static Bn254Fp12 line(Bn254Fp2 constant, Bn254Fp2 wTerm, Bn254Fp2 w3Term) {
            return new Bn254Fp12(new Bn254Fp6(constant, Bn254Fp2.ZERO, Bn254Fp2.ZERO),
                    new Bn254Fp6(wTerm, w3Term, Bn254Fp2.ZERO));
        }
    }

    /**
     * Whether Π e(pᵢ, qᵢ) = 1 for finite points. One Miller loop runs all pairs together (one squaring of f per
     * step), then the final exponentiation: f^((p¹² − 1)/r) = A^(p⁶ − 1) with A = f^((p² + 1)·hard), and since the
     * p⁶-power Frobenius is conjugation, the check is A = conj(A), so no inversion is needed.
     */
    static boolean pairingIsOne(G1[] ps, G2[] qs, int count) {
        if (count == 0) {
            return true;
        }
        G2Jacobian[] ts = new G2Jacobian[count];
        for (int j = 0; j < count; j++) {
            ts[j] = new G2Jacobian(qs[j]);
        }
        Bn254Fp12 f = Bn254Fp12.ONE;
        for (int i = ATE_LOOP_COUNT.bitLength() - 2; i >= 0; i--) {
            f = f.square();
            for (int j = 0; j < count; j++) {
                f = f.mul(ts[j].doubleStep(ps[j]));
            }
            if (ATE_LOOP_COUNT.testBit(i)) {
                for (int j = 0; j < count; j++) {
                    f = f.mul(ts[j].addStep(qs[j], ps[j]));
                }
            }
        }
        for (int j = 0; j < count; j++) {
            G2 q1 = qs[j].frobenius();
            G2 minusQ2 = q1.frobenius().negate();
            f = f.mul(ts[j].addStep(q1, ps[j]));
            f = f.mul(ts[j].addStep(minusQ2, ps[j]));
        }
        Bn254Fp12 g = f.frobenius(2).mul(f);
        Bn254Fp12[] conjugates = {g, g.frobenius(1), g.frobenius(2), g.frobenius(3)};
        Bn254Fp12 a = Bn254Fp12.multiPow(conjugates, HARD_EXPONENT_DIGITS);
        return a.c1.isZero();
    }

    // ---- EIP-196/197 encodings ----------------------------------------------------------------------------------

    /**
     * The G1 point at {@code offset} (two 32-byte coordinates; (0, 0) is infinity), or a sentinel: {@link
     * #G1_NOT_IN_FIELD} for a coordinate not below p, {@link #G1_NOT_ON_CURVE}. Checked in geth's order.
     */
    static G1 decodeG1(byte[] input, int offset) {
        long[] x = new long[4];
        long[] y = new long[4];
        if (!Bn254Fp.read(input, offset, x) || !Bn254Fp.read(input, offset + 32, y)) {
            return G1_NOT_IN_FIELD;
        }
        if (Bn254Fp.isZero(x) && Bn254Fp.isZero(y)) {
            return null;
        }
        G1 point = new G1(x, y);
        return point.isOnCurve() ? point : G1_NOT_ON_CURVE;
    }

    /**
     * The G2 point at {@code offset}: EIP-197 writes each Fp2 coordinate imaginary part first. (0, 0) is infinity.
     * Returns a sentinel for a coordinate not below p ({@link #G2_NOT_IN_FIELD}), a point off the twist ({@link
     * #G2_NOT_ON_CURVE}) or outside the order-r subgroup ({@link #G2_NOT_IN_SUBGROUP}), checked in that order as
     * geth does.
     */
    static G2 decodeG2(byte[] input, int offset) {
        long[] xi = new long[4];
        long[] xr = new long[4];
        long[] yi = new long[4];
        long[] yr = new long[4];
        if (!Bn254Fp.read(input, offset, xi) || !Bn254Fp.read(input, offset + 32, xr)
                || !Bn254Fp.read(input, offset + 64, yi) || !Bn254Fp.read(input, offset + 96, yr)) {
            return G2_NOT_IN_FIELD;
        }
        G2 point = new G2(new Bn254Fp2(xr, xi), new Bn254Fp2(yr, yi));
        if (point.x.isZero() && point.y.isZero()) {
            return null;
        }
        if (!point.isOnCurve()) {
            return G2_NOT_ON_CURVE;
        }
        return point.isInSubgroup() ? point : G2_NOT_IN_SUBGROUP;
    }

    static byte[] encode(G1 point) {
        byte[] out = new byte[64];
        if (point != null) {
            Bn254Fp.write(point.x, out, 0);
            Bn254Fp.write(point.y, out, 32);
        }
        return out;
    }
}
