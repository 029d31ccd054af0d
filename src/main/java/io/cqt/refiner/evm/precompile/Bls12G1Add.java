package io.cqt.refiner.evm.precompile;

import supranational.blst.P1;

/** 0x0b BLS12_G1ADD (EIP-2537, Prague): two G1 points on the curve (no subgroup check) → their sum. 375 gas. */
public final class Bls12G1Add implements Precompile {
    @Override
    public String name() {
        return "BLS12_G1ADD";
    }

    @Override
    public long gas(byte[] input) {
        return 375;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length != 2 * Bls12Codec.G1_LENGTH) {
            return PrecompileFailures.INVALID_INPUT_LENGTH;
        }
        P1 a = Bls12Codec.g1(input, 0);
        if (a == null) {
            return Bls12Codec.g1Failure(input, 0);
        }
        P1 b = Bls12Codec.g1(input, Bls12Codec.G1_LENGTH);
        if (b == null) {
            return Bls12Codec.g1Failure(input, Bls12Codec.G1_LENGTH);
        }
        return PrecompileResult.success(Bls12Codec.encode(a.add(b)));
    }
}
