package io.cqt.refiner.evm.precompile;

/**
 * 0x07 ECMUL (EIP-196): a G1 point and a 256-bit scalar (input zero-padded to 96 bytes) → the product. The scalar
 * is not required to be below the group order. 6000 gas since EIP-1108.
 */
public final class AltBn128Mul implements Precompile {
    @Override
    public String name() {
        return "BN254_MUL";
    }

    @Override
    public long gas(byte[] input) {
        return 6000;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        AltBn128.G1 point = AltBn128.decodeG1(input, 0);
        PrecompileResult failure = AltBn128.failure(point);
        if (failure != null) {
            return failure;
        }
        return PrecompileResult.success(AltBn128.encode(point == null ? null : AltBn128.multiply(point, input, 64)));
    }
}
