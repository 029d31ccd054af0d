package io.cqt.refiner.evm.precompile;

import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/** 0x03 RIPEMD160: 600 gas plus 120 per word; the 20-byte digest is left-padded to a 32-byte word. */
public final class Ripemd160 implements Precompile {
    @Override
    public String name() {
        return "RIPEMD160";
    }

    @Override
    public long gas(byte[] input) {
        return PrecompileInput.linearGas(600, 120, input.length);
    }

    @Override
    public PrecompileResult run(byte[] input) {
        RIPEMD160Digest digest = new RIPEMD160Digest();
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 12);
        return PrecompileResult.success(out);
    }
}
