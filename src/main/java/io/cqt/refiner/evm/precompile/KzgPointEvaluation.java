package io.cqt.refiner.evm.precompile;

import ethereum.ckzg4844.CKZG4844JNI;
import java.util.Arrays;

/**
 * 0x0a POINT EVALUATION (EIP-4844, Cancun): checks that the KZG commitment whose versioned hash is given opens to y
 * at z. Input is exactly 192 bytes: versioned hash · z · y · commitment (48) · proof (48). On success returns
 * FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte words; any bad input is a failure.
 */
public final class KzgPointEvaluation implements Precompile {
    private static final long GAS = 50_000;
    private static final int INPUT_LENGTH = 192;
    private static final byte VERSIONED_HASH_VERSION_KZG = 0x01;

    private final KzgTrustedSetup setup;

    /** @param setup proof that the mainnet trusted setup is loaded in the native library */
    public KzgPointEvaluation(KzgTrustedSetup setup) {
        this.setup = setup;
    }

    @Override
    public String name() {
        return "KZG_POINT_EVALUATION";
    }

    @Override
    public long gas(byte[] input) {
        return GAS;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length != INPUT_LENGTH) {
            return PrecompileResult.failure();
        }
        byte[] versionedHash = Arrays.copyOfRange(input, 0, 32);
        byte[] z = Arrays.copyOfRange(input, 32, 64);
        byte[] y = Arrays.copyOfRange(input, 64, 96);
        byte[] commitment = Arrays.copyOfRange(input, 96, 144);
        byte[] proof = Arrays.copyOfRange(input, 144, 192);
        if (!Arrays.equals(versionedHash, versionedHash(commitment))) {
            return PrecompileResult.failure();
        }
        if (!setup.verifyProof(commitment, z, y, proof)) {
            return PrecompileResult.failure();
        }
        return PrecompileResult.success(successOutput());
    }

    /** {@code 0x01 || sha256(commitment)[1:]} (EIP-4844 kzg_to_versioned_hash). */
    public static byte[] versionedHash(byte[] commitment) {
        byte[] hash = Sha256.digest(commitment);
        hash[0] = VERSIONED_HASH_VERSION_KZG;
        return hash;
    }

    private static byte[] successOutput() {
        byte[] out = new byte[64];
        int elements = CKZG4844JNI.FIELD_ELEMENTS_PER_BLOB;
        out[28] = (byte) (elements >>> 24);
        out[29] = (byte) (elements >>> 16);
        out[30] = (byte) (elements >>> 8);
        out[31] = (byte) elements;
        byte[] modulus = PrecompileInput.leftPad(CKZG4844JNI.BLS_MODULUS, 32);
        System.arraycopy(modulus, 0, out, 32, 32);
        return out;
    }
}
