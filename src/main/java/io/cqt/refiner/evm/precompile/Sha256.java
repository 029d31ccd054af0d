package io.cqt.refiner.evm.precompile;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** 0x02 SHA256: 60 gas plus 12 per word (Yellow Paper, appendix E). */
public final class Sha256 implements Precompile {
    @Override
    public String name() {
        return "SHA256";
    }

    @Override
    public long gas(byte[] input) {
        return PrecompileInput.linearGas(60, 12, input.length);
    }

    @Override
    public PrecompileResult run(byte[] input) {
        return PrecompileResult.success(digest(input));
    }

    static byte[] digest(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
