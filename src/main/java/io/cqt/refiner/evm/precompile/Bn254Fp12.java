package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;

/**
 * Fp12 = Fp6[w]/(w² − v): {@code c0 + c1·w}, immutable. Since w⁶ = v³ = ξ this is the same field as EIP-197's
 * Fp[w]/(w¹² − 18w⁶ + 82) with i = w⁶ − 9; over Fp2 its basis is w⁰..w⁵ with w^(2k) in c0 and w^(2k+1) in c1.
 */
final class Bn254Fp12 {
    static final Bn254Fp12 ONE = new Bn254Fp12(Bn254Fp6.ONE, Bn254Fp6.ZERO);

    /** γₖ = ξ^(k(p² − 1)/6) = (w^k)^(p²)/w^k, so the p²-power Frobenius scales the w^k coefficient by γₖ. */
    private static final Bn254Fp2[] FROBENIUS_P2 = frobeniusP2Constants();

    final Bn254Fp6 c0;
    final Bn254Fp6 c1;

    Bn254Fp12(Bn254Fp6 c0, Bn254Fp6 c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    private static Bn254Fp2[] frobeniusP2Constants() {
        BigInteger p = Bn254Fp.P;
        Bn254Fp2 xi = Bn254Fp2.of(BigInteger.valueOf(9), BigInteger.ONE);
        Bn254Fp2 gamma1 = xi.pow(p.multiply(p).subtract(BigInteger.ONE).divide(BigInteger.valueOf(6)));
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

    Bn254Fp12 frobeniusP2() {
        Bn254Fp2[] g = FROBENIUS_P2;
        return new Bn254Fp12(
                new Bn254Fp6(c0.c0, c0.c1.mul(g[2]), c0.c2.mul(g[4])),
                new Bn254Fp6(c1.c0.mul(g[1]), c1.c1.mul(g[3]), c1.c2.mul(g[5])));
    }

    Bn254Fp12 pow(BigInteger exponent) {
        Bn254Fp12 result = ONE;
        for (int i = exponent.bitLength() - 1; i >= 0; i--) {
            result = result.square();
            if (exponent.testBit(i)) {
                result = result.mul(this);
            }
        }
        return result;
    }
}
