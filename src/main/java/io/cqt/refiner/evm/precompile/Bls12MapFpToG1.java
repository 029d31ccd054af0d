package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;
import supranational.blst.P1;

/** 0x10 BLS12_MAP_FP_TO_G1 (EIP-2537, Prague): one Fp element → clear_cofactor(map_to_curve(u)). 5500 gas. */
public final class Bls12MapFpToG1 implements Precompile {
    @Override
    public String name() {
        return "BLS12_MAP_FP_TO_G1";
    }

    @Override
    public long gas(byte[] input) {
        return 5500;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length != Bls12Codec.FP_LENGTH) {
            return PrecompileFailures.INVALID_INPUT_LENGTH;
        }
        BigInteger u = Bls12Codec.fp(input, 0);
        if (u == null) {
            return Bls12Codec.fpFailure(input, 0, 1);
        }
        Bls12MapToCurve.Point<BigInteger> point = Bls12MapToCurve.map(Bls12MapToCurve.G1, u);
        if (point == null) {
            return PrecompileResult.success(new byte[Bls12Codec.G1_LENGTH]);
        }
        byte[] encoded = new byte[Bls12Codec.G1_LENGTH];
        System.arraycopy(PrecompileInput.leftPad(point.x(), 64), 0, encoded, 0, 64);
        System.arraycopy(PrecompileInput.leftPad(point.y(), 64), 0, encoded, 64, 64);
        P1 onCurve = Bls12Codec.g1(encoded, 0);
        if (onCurve == null) {
            throw new IllegalStateException("map_to_curve produced a point off E1 for u = " + u.toString(16));
        }
        return PrecompileResult.success(Bls12Codec.encode(onCurve.mult(Bls12MapToCurve.G1_H_EFF)));
    }
}
