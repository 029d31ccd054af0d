package io.cqt.refiner.evm.precompile;

import supranational.blst.P2;

/** 0x0d BLS12_G2ADD (EIP-2537, Prague): two G2 points on the curve (no subgroup check) → their sum. 600 gas. */
public final class Bls12G2Add implements Precompile {
    @Override
    public String name() {
        return "BLS12_G2ADD";
    }

    @Override
    public long gas(byte[] input) {
        return 600;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length != 2 * Bls12Codec.G2_LENGTH) {
            return PrecompileFailures.INVALID_INPUT_LENGTH;
        }
        P2 a = Bls12Codec.g2(input, 0);
        if (a == null) {
            return Bls12Codec.g2Failure(input, 0);
        }
        P2 b = Bls12Codec.g2(input, Bls12Codec.G2_LENGTH);
        if (b == null) {
            return Bls12Codec.g2Failure(input, Bls12Codec.G2_LENGTH);
        }
        return PrecompileResult.success(Bls12Codec.encode(a.add(b)));
    }
}
