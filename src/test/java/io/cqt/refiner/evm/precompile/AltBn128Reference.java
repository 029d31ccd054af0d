package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * alt_bn128 (BN254) arithmetic for EIP-196/197: the base field Fp, G1 on y² = x³ + 3 over Fp, G2 on the D-type twist
 * y² = x³ + 3/ξ over Fp2 = Fp[i]/(i² + 1) with ξ = 9 + i, and the optimal ate pairing into
 * Fp12 = Fp[w]/(w¹² − 18w⁶ + 82), where w⁶ = ξ (so i = w⁶ − 9).
 *
 * <p>The test-only reference for the limb-based {@link AltBn128}: coordinates are affine BigIntegers and Fp12 is a
 * plain polynomial ring, written for clarity, not speed. The pairing's line functions are evaluated from Fp2 slopes
 * (a twisted point (x·w², y·w³) has slope m·w), so no Fp12 inversion is needed.
 */
final class AltBn128Reference {
    /** The base field prime (EIP-196). */
    static final BigInteger P = new BigInteger(
            "21888242871839275222246405745257275088696311157297823662689037894645226208583");
    /** The order of G1 and G2 (EIP-196/197). */
    static final BigInteger R = new BigInteger(
            "21888242871839275222246405745257275088548364400416034343698204186575808495617");
    /** 6u + 2 for the BN parameter u: the optimal ate loop count. */
    private static final BigInteger ATE_LOOP_COUNT = new BigInteger("29793968203157093288");
    private static final BigInteger THREE = BigInteger.valueOf(3);
    /** The hard part of the final exponentiation, (p⁴ − p² + 1)/r. */
    private static final BigInteger HARD_EXPONENT = P.pow(4).subtract(P.pow(2)).add(BigInteger.ONE).divide(R);

    private AltBn128Reference() {
    }

    // ---- Fp2 --------------------------------------------------------------------------------------------------

    /** {@code a + b·i}, both reduced mod p. */
    record Fp2(BigInteger a, BigInteger b) {
        static final Fp2 ZERO = new Fp2(BigInteger.ZERO, BigInteger.ZERO);
        static final Fp2 ONE = new Fp2(BigInteger.ONE, BigInteger.ZERO);

        Fp2 add(Fp2 o) {
            return new Fp2(a.add(o.a).mod(P), b.add(o.b).mod(P));
        }

        Fp2 sub(Fp2 o) {
            return new Fp2(a.subtract(o.a).mod(P), b.subtract(o.b).mod(P));
        }

        Fp2 mul(Fp2 o) {
            return new Fp2(a.multiply(o.a).subtract(b.multiply(o.b)).mod(P),
                    a.multiply(o.b).add(b.multiply(o.a)).mod(P));
        }

        Fp2 mul(BigInteger k) {
            return new Fp2(a.multiply(k).mod(P), b.multiply(k).mod(P));
        }

        Fp2 neg() {
            return new Fp2(a.negate().mod(P), b.negate().mod(P));
        }

        Fp2 conjugate() {
            return new Fp2(a, b.negate().mod(P));
        }

        Fp2 inverse() {
            BigInteger norm = a.multiply(a).add(b.multiply(b)).mod(P).modInverse(P);
            return new Fp2(a.multiply(norm).mod(P), b.negate().multiply(norm).mod(P));
        }

        Fp2 pow(BigInteger e) {
            Fp2 result = ONE;
            for (int i = e.bitLength() - 1; i >= 0; i--) {
                result = result.mul(result);
                if (e.testBit(i)) {
                    result = result.mul(this);
                }
            }
            return result;
        }

        boolean isZero() {
            return a.signum() == 0 && b.signum() == 0;
        }
    }

    private static final Fp2 XI = new Fp2(BigInteger.valueOf(9), BigInteger.ONE);
    /** The twist's b: 3/ξ. */
    static final Fp2 TWIST_B = new Fp2(THREE, BigInteger.ZERO).mul(XI.inverse());
    /** Frobenius on the twist: π(x, y) = (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)). */
    private static final Fp2 FROBENIUS_X = XI.pow(P.subtract(BigInteger.ONE).divide(THREE));
    private static final Fp2 FROBENIUS_Y = XI.pow(P.subtract(BigInteger.ONE).shiftRight(1));

    // ---- G1 (affine; null is the point at infinity) ------------------------------------------------------------

    record G1(BigInteger x, BigInteger y) {
        boolean isOnCurve() {
            return y.multiply(y).subtract(x.pow(3)).subtract(THREE).mod(P).signum() == 0;
        }

        G1 negate() {
            return new G1(x, y.negate().mod(P));
        }
    }

    static G1 add(G1 p, G1 q) {
        if (p == null) {
            return q;
        }
        if (q == null) {
            return p;
        }
        BigInteger slope;
        if (p.x.equals(q.x)) {
            if (!p.y.equals(q.y) || p.y.signum() == 0) {
                return null;
            }
            slope = THREE.multiply(p.x).multiply(p.x).multiply(p.y.shiftLeft(1).modInverse(P)).mod(P);
        } else {
            slope = q.y.subtract(p.y).multiply(q.x.subtract(p.x).mod(P).modInverse(P)).mod(P);
        }
        BigInteger x = slope.multiply(slope).subtract(p.x).subtract(q.x).mod(P);
        BigInteger y = slope.multiply(p.x.subtract(x)).subtract(p.y).mod(P);
        return new G1(x, y);
    }

    static G1 multiply(G1 p, BigInteger k) {
        G1 result = null;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            result = add(result, result);
            if (k.testBit(i)) {
                result = add(result, p);
            }
        }
        return result;
    }

    // ---- G2 (affine over Fp2; null is the point at infinity) ---------------------------------------------------

    record G2(Fp2 x, Fp2 y) {
        boolean isOnCurve() {
            return y.mul(y).sub(x.mul(x).mul(x)).sub(TWIST_B).isZero();
        }

        boolean isInSubgroup() {
            return multiply(this, R) == null;
        }

        G2 negate() {
            return new G2(x, y.neg());
        }

        G2 frobenius() {
            return new G2(x.conjugate().mul(FROBENIUS_X), y.conjugate().mul(FROBENIUS_Y));
        }
    }

    /** The slope of the line through p and q (the tangent when equal), or null when the line is vertical. */
    private static Fp2 slope(G2 p, G2 q) {
        if (p.x.equals(q.x)) {
            if (!p.y.equals(q.y) || p.y.isZero()) {
                return null;
            }
            return p.x.mul(p.x).mul(THREE).mul(p.y.add(p.y).inverse());
        }
        return q.y.sub(p.y).mul(q.x.sub(p.x).inverse());
    }

    static G2 add(G2 p, G2 q) {
        if (p == null) {
            return q;
        }
        if (q == null) {
            return p;
        }
        Fp2 m = slope(p, q);
        if (m == null) {
            return null;
        }
        Fp2 x = m.mul(m).sub(p.x).sub(q.x);
        Fp2 y = m.mul(p.x.sub(x)).sub(p.y);
        return new G2(x, y);
    }

    static G2 multiply(G2 p, BigInteger k) {
        G2 result = null;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            result = add(result, result);
            if (k.testBit(i)) {
                result = add(result, p);
            }
        }
        return result;
    }

    // ---- Fp12 = Fp[w]/(w^12 - 18 w^6 + 82), as 12 coefficients --------------------------------------------------

    static BigInteger[] fp12One() {
        BigInteger[] one = new BigInteger[12];
        Arrays.fill(one, BigInteger.ZERO);
        one[0] = BigInteger.ONE;
        return one;
    }

    static BigInteger[] fp12Mul(BigInteger[] x, BigInteger[] y) {
        BigInteger[] t = new BigInteger[23];
        Arrays.fill(t, BigInteger.ZERO);
        for (int i = 0; i < 12; i++) {
            if (x[i].signum() == 0) {
                continue;
            }
            for (int j = 0; j < 12; j++) {
                if (y[j].signum() != 0) {
                    t[i + j] = t[i + j].add(x[i].multiply(y[j]));
                }
            }
        }
        // w^k = w^(k-12) · (18 w^6 − 82), reduced from the top so the folded terms are reduced in turn.
        for (int k = 22; k >= 12; k--) {
            if (t[k].signum() != 0) {
                t[k - 6] = t[k - 6].add(t[k].multiply(BigInteger.valueOf(18)));
                t[k - 12] = t[k - 12].subtract(t[k].multiply(BigInteger.valueOf(82)));
            }
        }
        BigInteger[] out = new BigInteger[12];
        for (int i = 0; i < 12; i++) {
            out[i] = t[i].mod(P);
        }
        return out;
    }

    static BigInteger[] fp12Pow(BigInteger[] base, BigInteger e) {
        BigInteger[] result = fp12One();
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            result = fp12Mul(result, result);
            if (e.testBit(i)) {
                result = fp12Mul(result, base);
            }
        }
        return result;
    }

    /** Adds {@code c·w^shift} (c in Fp2, embedded with i = w⁶ − 9) to {@code f}; shift ≤ 5. */
    private static void addEmbedded(BigInteger[] f, Fp2 c, int shift) {
        f[shift] = f[shift].add(c.a.subtract(c.b.multiply(BigInteger.valueOf(9)))).mod(P);
        f[shift + 6] = f[shift + 6].add(c.b).mod(P);
    }

    /**
     * The line through the twisted images of t1 and t2 (tangent if equal), evaluated at p ∈ G1: with slope m·w it is
     * m·x_p·w + (y1 − m·x1)·w³ − y_p, or x_p − x1·w² when vertical.
     */
    private static BigInteger[] line(G2 t1, G2 t2, G1 p) {
        BigInteger[] f = new BigInteger[12];
        Arrays.fill(f, BigInteger.ZERO);
        Fp2 m = slope(t1, t2);
        if (m == null) {
            f[0] = p.x;
            addEmbedded(f, t1.x.neg(), 2);
            return f;
        }
        f[0] = p.y.negate().mod(P);
        addEmbedded(f, m.mul(p.x), 1);
        addEmbedded(f, t1.y.sub(m.mul(t1.x)), 3);
        return f;
    }

    /** The optimal ate Miller loop f_{6u+2,Q}(P) with the two Frobenius correction lines, before final exponentiation. */
    static BigInteger[] millerLoop(G2 q, G1 p) {
        G2 r = q;
        BigInteger[] f = fp12One();
        for (int i = ATE_LOOP_COUNT.bitLength() - 2; i >= 0; i--) {
            f = fp12Mul(fp12Mul(f, f), line(r, r, p));
            r = add(r, r);
            if (ATE_LOOP_COUNT.testBit(i)) {
                f = fp12Mul(f, line(r, q, p));
                r = add(r, q);
            }
        }
        G2 q1 = q.frobenius();
        G2 minusQ2 = q1.frobenius().negate();
        f = fp12Mul(f, line(r, q1, p));
        r = add(r, q1);
        f = fp12Mul(f, line(r, minusQ2, p));
        return f;
    }

    /** (w^k)^(p²) for k = 0..11: the p²-power Frobenius is Fp-linear, so it is this change of basis. */
    private static final BigInteger[][] FROBENIUS_P2_BASIS = frobeniusP2Basis();

    private static BigInteger[][] frobeniusP2Basis() {
        BigInteger[] w = new BigInteger[12];
        Arrays.fill(w, BigInteger.ZERO);
        w[1] = BigInteger.ONE;
        BigInteger[] wP2 = fp12Pow(w, P.multiply(P));
        BigInteger[][] basis = new BigInteger[12][];
        basis[0] = fp12One();
        for (int k = 1; k < 12; k++) {
            basis[k] = fp12Mul(basis[k - 1], wP2);
        }
        return basis;
    }

    static BigInteger[] frobeniusP2(BigInteger[] f) {
        BigInteger[] out = new BigInteger[12];
        Arrays.fill(out, BigInteger.ZERO);
        for (int k = 0; k < 12; k++) {
            if (f[k].signum() == 0) {
                continue;
            }
            for (int j = 0; j < 12; j++) {
                out[j] = out[j].add(f[k].multiply(FROBENIUS_P2_BASIS[k][j]));
            }
        }
        for (int j = 0; j < 12; j++) {
            out[j] = out[j].mod(P);
        }
        return out;
    }

    /**
     * Whether f^((p¹² − 1)/r) = 1. The exponent is (p⁶ − 1)·h with h = (p² + 1)(p⁴ − p² + 1)/r. The p⁶-power
     * Frobenius maps w to −w (w generates Fp12 over Fp6 with w² ∈ Fp6), so for A = f^h the full power is
     * conj(A)/A, and the check is A = conj(A): no inversion needed.
     */
    static boolean finalExponentiationIsOne(BigInteger[] f) {
        BigInteger[] a = fp12Pow(fp12Mul(frobeniusP2(f), f), HARD_EXPONENT);
        for (int k = 1; k < 12; k += 2) {
            if (a[k].signum() != 0) {
                return false;
            }
        }
        return true;
    }

    // ---- EIP-196/197 encodings ----------------------------------------------------------------------------------

    /** The G1 point at {@code offset} (two 32-byte coordinates; (0, 0) is infinity), or {@link #INVALID}. */
    static G1 decodeG1(byte[] input, int offset) {
        BigInteger x = PrecompileInput.unsigned(input, offset, 32);
        BigInteger y = PrecompileInput.unsigned(input, offset + 32L, 32);
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            return INVALID;
        }
        if (x.signum() == 0 && y.signum() == 0) {
            return null;
        }
        G1 point = new G1(x, y);
        return point.isOnCurve() ? point : INVALID;
    }

    /**
     * The G2 point at {@code offset}: EIP-197 writes each Fp2 coordinate imaginary part first. (0, 0) is infinity.
     * Returns {@link #INVALID_G2} for coordinates not below p, points off the twist or outside the order-r subgroup.
     */
    static G2 decodeG2(byte[] input, int offset) {
        BigInteger xi = PrecompileInput.unsigned(input, offset, 32);
        BigInteger xr = PrecompileInput.unsigned(input, offset + 32L, 32);
        BigInteger yi = PrecompileInput.unsigned(input, offset + 64L, 32);
        BigInteger yr = PrecompileInput.unsigned(input, offset + 96L, 32);
        if (xi.compareTo(P) >= 0 || xr.compareTo(P) >= 0 || yi.compareTo(P) >= 0 || yr.compareTo(P) >= 0) {
            return INVALID_G2;
        }
        G2 point = new G2(new Fp2(xr, xi), new Fp2(yr, yi));
        if (point.x.isZero() && point.y.isZero()) {
            return null;
        }
        return point.isOnCurve() && point.isInSubgroup() ? point : INVALID_G2;
    }

    /** Sentinels for "not a valid encoding" (null already means infinity). */
    static final G1 INVALID = new G1(BigInteger.ONE.negate(), BigInteger.ONE.negate());
    static final G2 INVALID_G2 = new G2(Fp2.ONE.neg(), Fp2.ONE.neg());

    static byte[] encode(G1 point) {
        byte[] out = new byte[64];
        if (point != null) {
            System.arraycopy(PrecompileInput.leftPad(point.x, 32), 0, out, 0, 32);
            System.arraycopy(PrecompileInput.leftPad(point.y, 32), 0, out, 32, 32);
        }
        return out;
    }
}
