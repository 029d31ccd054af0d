package io.cqt.refiner.evm.precompile;

/** 0x04 IDENTITY: returns its input; 15 gas plus 3 per word. */
public final class Identity implements Precompile {
    @Override
    public String name() {
        return "IDENTITY";
    }

    @Override
    public long gas(byte[] input) {
        return PrecompileInput.linearGas(15, 3, input.length);
    }

    @Override
    public PrecompileResult run(byte[] input) {
        return PrecompileResult.success(input.clone());
    }
}
