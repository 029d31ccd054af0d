package io.cqt.refiner.evm.precompile;

/** Fp6 = Fp2[v]/(v³ − ξ), ξ = 9 + i: {@code c0 + c1·v + c2·v²}, immutable. */
final class Bn254Fp6 {
    static final Bn254Fp6 ZERO = new Bn254Fp6(Bn254Fp2.ZERO, Bn254Fp2.ZERO, Bn254Fp2.ZERO);
    static final Bn254Fp6 ONE = new Bn254Fp6(Bn254Fp2.ONE, Bn254Fp2.ZERO, Bn254Fp2.ZERO);

    final Bn254Fp2 c0;
    final Bn254Fp2 c1;
    final Bn254Fp2 c2;

    Bn254Fp6(Bn254Fp2 c0, Bn254Fp2 c1, Bn254Fp2 c2) {
        this.c0 = c0;
        this.c1 = c1;
        this.c2 = c2;
    }

    Bn254Fp6 add(Bn254Fp6 o) {
        return new Bn254Fp6(c0.add(o.c0), c1.add(o.c1), c2.add(o.c2));
    }

    Bn254Fp6 sub(Bn254Fp6 o) {
        return new Bn254Fp6(c0.sub(o.c0), c1.sub(o.c1), c2.sub(o.c2));
    }

    Bn254Fp6 neg() {
        return new Bn254Fp6(c0.neg(), c1.neg(), c2.neg());
    }

    /** Karatsuba over the cubic extension: six Fp2 products. */
    Bn254Fp6 mul(Bn254Fp6 o) {
        Bn254Fp2 t0 = c0.mul(o.c0);
        Bn254Fp2 t1 = c1.mul(o.c1);
        Bn254Fp2 t2 = c2.mul(o.c2);
        Bn254Fp2 r0 = c1.add(c2).mul(o.c1.add(o.c2)).sub(t1).sub(t2).mulByXi().add(t0);
        Bn254Fp2 r1 = c0.add(c1).mul(o.c0.add(o.c1)).sub(t0).sub(t1).add(t2.mulByXi());
        Bn254Fp2 r2 = c0.add(c2).mul(o.c0.add(o.c2)).sub(t0).sub(t2).add(t1);
        return new Bn254Fp6(r0, r1, r2);
    }

    /** Multiplication by v: the v² coefficient wraps round through v³ = ξ. */
    Bn254Fp6 mulByV() {
        return new Bn254Fp6(c2.mulByXi(), c0, c1);
    }

    boolean isZero() {
        return c0.isZero() && c1.isZero() && c2.isZero();
    }
}
