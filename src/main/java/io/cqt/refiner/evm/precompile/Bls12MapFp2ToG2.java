package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;
import supranational.blst.P2;

/** 0x11 BLS12_MAP_FP2_TO_G2 (EIP-2537, Prague): one Fp2 element → clear_cofactor(map_to_curve(u)). 23800 gas. */
public final class Bls12MapFp2ToG2 implements Precompile {
    @Override
    public String name() {
        return "BLS12_MAP_FP2_TO_G2";
    }

    @Override
    public long gas(byte[] input) {
        return 23_800;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length != 2 * Bls12Codec.FP_LENGTH) {
            return PrecompileFailures.INVALID_INPUT_LENGTH;
        }
        BigInteger c0 = Bls12Codec.fp(input, 0);
        BigInteger c1 = Bls12Codec.fp(input, Bls12Codec.FP_LENGTH);
        if (c0 == null || c1 == null) {
            return Bls12Codec.fpFailure(input, 0, 2);
        }
        Bls12MapToCurve.Point<Bls12MapToCurve.Fp2> point =
                Bls12MapToCurve.map(Bls12MapToCurve.G2, new Bls12MapToCurve.Fp2(c0, c1));
        if (point == null) {
            return PrecompileResult.success(new byte[Bls12Codec.G2_LENGTH]);
        }
        byte[] encoded = new byte[Bls12Codec.G2_LENGTH];
        System.arraycopy(PrecompileInput.leftPad(point.x().c0(), 64), 0, encoded, 0, 64);
        System.arraycopy(PrecompileInput.leftPad(point.x().c1(), 64), 0, encoded, 64, 64);
        System.arraycopy(PrecompileInput.leftPad(point.y().c0(), 64), 0, encoded, 128, 64);
        System.arraycopy(PrecompileInput.leftPad(point.y().c1(), 64), 0, encoded, 192, 64);
        P2 onCurve = Bls12Codec.g2(encoded, 0);
        if (onCurve == null) {
            throw new IllegalStateException("map_to_curve produced a point off E2 for u = " + c0.toString(16) + " + "
                    + c1.toString(16) + "·i");
        }
        return PrecompileResult.success(Bls12Codec.encode(onCurve.mult(Bls12MapToCurve.G2_H_EFF)));
    }
}
