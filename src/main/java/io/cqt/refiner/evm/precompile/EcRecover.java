package io.cqt.refiner.evm.precompile;

import io.cqt.refiner.crypto.Keccak256;
import java.math.BigInteger;

/**
 * 0x01 ECRECOVER: input (zero-padded to 128 bytes) is hash · v · r · s as 32-byte words; output is the signer's
 * address left-padded to 32 bytes. An invalid signature (v not 27/28, r or s outside [1, n-1], no recoverable key)
 * is not a failure: the call succeeds with empty output. High s is accepted (EIP-2 applies to transactions only).
 */
public final class EcRecover implements Precompile {
    private static final long GAS = 3000;
    private static final BigInteger N =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    private static final PrecompileResult NO_SIGNER = PrecompileResult.success(new byte[0]);

    private final Secp256k1Recovery backend;

    public EcRecover(Secp256k1Recovery backend) {
        this.backend = backend;
    }

    @Override
    public String name() {
        return "ECRECOVER";
    }

    @Override
    public long gas(byte[] input) {
        return GAS;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        byte[] padded = PrecompileInput.slice(input, 0, 128);
        for (int i = 32; i < 63; i++) {
            if (padded[i] != 0) {
                return NO_SIGNER;
            }
        }
        int v = padded[63] & 0xff;
        if (v != 27 && v != 28) {
            return NO_SIGNER;
        }
        byte[] hash = PrecompileInput.slice(padded, 0, 32);
        byte[] r = PrecompileInput.slice(padded, 64, 32);
        byte[] s = PrecompileInput.slice(padded, 96, 32);
        if (!inScalarRange(r) || !inScalarRange(s)) {
            return NO_SIGNER;
        }
        byte[] key = backend.recover(hash, r, s, v - 27);
        if (key == null) {
            return NO_SIGNER;
        }
        byte[] keyHash = Keccak256.hash(key);
        byte[] out = new byte[32];
        System.arraycopy(keyHash, 12, out, 12, 20);
        return PrecompileResult.success(out);
    }

    private static boolean inScalarRange(byte[] word) {
        BigInteger value = new BigInteger(1, word);
        return value.signum() > 0 && value.compareTo(N) < 0;
    }
}
