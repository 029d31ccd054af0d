package io.cqt.refiner.evm.precompile;

/** 0x06 ECADD (EIP-196): two G1 points (input zero-padded to 128 bytes) → their sum. 150 gas since EIP-1108. */
public final class AltBn128Add implements Precompile {
    @Override
    public String name() {
        return "BN254_ADD";
    }

    @Override
    public long gas(byte[] input) {
        return 150;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        AltBn128.G1 a = AltBn128.decodeG1(input, 0);
        PrecompileResult failure = AltBn128.failure(a);
        if (failure != null) {
            return failure;
        }
        AltBn128.G1 b = AltBn128.decodeG1(input, 64);
        failure = AltBn128.failure(b);
        if (failure != null) {
            return failure;
        }
        return PrecompileResult.success(AltBn128.encode(AltBn128.add(a, b)));
    }
}
