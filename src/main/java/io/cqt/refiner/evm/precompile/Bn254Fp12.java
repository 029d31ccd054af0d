package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;

/**
 * Fp12 = Fp6[w]/(w² − v): {@code c0 + c1·w}, immutable. Since w⁶ = v³ = ξ this is the same field as EIP-197's
 * Fp[w]/(w¹² − 18w⁶ + 82) with i = w⁶ − 9; over Fp2 its basis is w⁰..w⁵ with w^(2k) in c0 and w^(2k+1) in c1.
 */
final class Bn254Fp12 {
    static final Bn254Fp12 ONE = new Bn254Fp12(Bn254Fp6.ONE, Bn254Fp6.ZERO);

    /**
     * FROBENIUS[e − 1][k] = ξ^(k(p^e − 1)/6) = (w^k)^(p^e)/w^k for e = 1..3: the p^e-power Frobenius raises each Fp2
     * coefficient to p^e (conjugation for odd e) and scales the w^k coefficient by this constant.
     */
    private static final Bn254Fp2[][] FROBENIUS = {frobeniusConstants(1), frobeniusConstants(2),
        frobeniusConstants(3)};

    final Bn254Fp6 c0;
    final Bn254Fp6 c1;

    Bn254Fp12(Bn254Fp6 c0, Bn254Fp6 c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    private static Bn254Fp2[] frobeniusConstants(int power) {
        Bn254Fp2 xi = Bn254Fp2.of(BigInteger.valueOf(9), BigInteger.ONE);
        Bn254Fp2 gamma1 = xi.pow(Bn254Fp.P.pow(power).subtract(BigInteger.ONE).divide(BigInteger.valueOf(6)));
        Bn254Fp2[] gammas = new Bn254Fp2[6];
        gammas[0] = Bn254Fp2.ONE;
        for (int k = 1; k < 6; k++) {
            gammas[k] = gammas[k - 1].mul(gamma1);
        }
        return gammas;
    }

    Bn254Fp12 mul(Bn254Fp12 o) {
        Bn254Fp6 t0 = c0.mul(o.c0);
        Bn254Fp6 t1 = c1.mul(o.c1);
        Bn254Fp6 r1 = c0.add(c1).mul(o.c0.add(o.c1)).sub(t0).sub(t1);
        return new Bn254Fp12(t0.add(t1.mulByV()), r1);
    }

    /** (a + bw)² = ((a + b)(a + vb) − ab − v·ab) + 2ab·w: two Fp6 products. */
    Bn254Fp12 square() {
        Bn254Fp6 ab = c0.mul(c1);
        Bn254Fp6 r0 = c0.add(c1).mul(c0.add(c1.mulByV())).sub(ab).sub(ab.mulByV());
        return new Bn254Fp12(r0, ab.add(ab));
    }

    /** The p⁶-power Frobenius, w ↦ −w. */
    Bn254Fp12 conjugate() {
        return new Bn254Fp12(c0, c1.neg());
    }

    /** This element raised to p^power, power in 1..3. */
    Bn254Fp12 frobenius(int power) {
        Bn254Fp2[] g = FROBENIUS[power - 1];
        boolean odd = (power & 1) == 1;
        return new Bn254Fp12(
                new Bn254Fp6(frob(c0.c0, odd), frob(c0.c1, odd).mul(g[2]), frob(c0.c2, odd).mul(g[4])),
                new Bn254Fp6(frob(c1.c0, odd).mul(g[1]), frob(c1.c1, odd).mul(g[3]), frob(c1.c2, odd).mul(g[5])));
    }

    private static Bn254Fp2 frob(Bn254Fp2 c, boolean odd) {
        return odd ? c.conjugate() : c;
    }

    /**
     * Π basesᵢ^exponentsᵢ for up to four bases with one shared squaring chain (a table of the 2ⁿ subset products),
     * so four ~254-bit exponents cost about one exponentiation.
     */
    static Bn254Fp12 multiPow(Bn254Fp12[] bases, BigInteger[] exponents) {
        Bn254Fp12[] subsets = new Bn254Fp12[1 << bases.length];
        subsets[0] = ONE;
        for (int mask = 1; mask < subsets.length; mask++) {
            int low = Integer.numberOfTrailingZeros(mask);
            int rest = mask & (mask - 1);
            subsets[mask] = rest == 0 ? bases[low] : subsets[rest].mul(bases[low]);
        }
        int bits = 0;
        for (BigInteger e : exponents) {
            bits = Math.max(bits, e.bitLength());
        }
        Bn254Fp12 result = ONE;
        for (int i = bits - 1; i >= 0; i--) {
            result = result.square();
            int mask = 0;
            for (int j = 0; j < exponents.length; j++) {
                if (exponents[j].testBit(i)) {
                    mask |= 1 << j;
                }
            }
            if (mask != 0) {
                result = result.mul(subsets[mask]);
            }
        }
        return result;
    }
}
