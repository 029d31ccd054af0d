package io.cqt.refiner.evm.precompile;

import ethereum.ckzg4844.CKZG4844JNI;
import java.math.BigInteger;
import java.util.Arrays;
import supranational.blst.P1_Affine;

/**
 * 0x0a POINT EVALUATION (EIP-4844, Cancun): checks that the KZG commitment whose versioned hash is given opens to y
 * at z. Input is exactly 192 bytes: versioned hash · z · y · commitment (48) · proof (48). On success returns
 * FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte words; any bad input is a failure.
 *
 * <p>c-kzg-4844 only says whether the proof verified, so when it did not, {@link #whyNot} finds the reason geth
 * gives. geth's default backend, go-eth-kzg, decodes y, z, the commitment and the proof in that order, stops at the
 * first it rejects, and only then checks the pairing.
 */
public final class KzgPointEvaluation implements Precompile {
    private static final long GAS = 50_000;
    private static final int INPUT_LENGTH = 192;
    private static final byte VERSIONED_HASH_VERSION_KZG = 0x01;
    /** The top three bits of a 48-byte G1 point (ZCash's serialisation): compressed, infinity, larger y. */
    private static final int FLAGS = 0xe0;
    private static final int COMPRESSED = 0x80;
    private static final int COMPRESSED_INFINITY = 0xc0;
    private static final BigInteger CURVE_B = BigInteger.valueOf(4);

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
            return PrecompileFailures.INVALID_INPUT_LENGTH;
        }
        byte[] versionedHash = Arrays.copyOfRange(input, 0, 32);
        byte[] z = Arrays.copyOfRange(input, 32, 64);
        byte[] y = Arrays.copyOfRange(input, 64, 96);
        byte[] commitment = Arrays.copyOfRange(input, 96, 144);
        byte[] proof = Arrays.copyOfRange(input, 144, 192);
        if (!Arrays.equals(versionedHash, versionedHash(commitment))) {
            return PrecompileFailures.KZG_MISMATCHED_VERSIONED_HASH;
        }
        if (!setup.verifyProof(commitment, z, y, proof)) {
            return whyNot(z, y, commitment, proof);
        }
        return PrecompileResult.success(successOutput());
    }

    /** The failure geth reports for a proof that did not verify. */
    private static PrecompileResult whyNot(byte[] z, byte[] y, byte[] commitment, byte[] proof) {
        if (!isScalar(y) || !isScalar(z)) {
            return PrecompileFailures.KZG_SCALAR_NOT_CANONICAL;
        }
        PrecompileResult failure = g1Failure(commitment);
        if (failure == null) {
            failure = g1Failure(proof);
        }
        return failure != null ? failure : PrecompileFailures.KZG_PROOF_DOES_NOT_VERIFY;
    }

    private static boolean isScalar(byte[] word) {
        return new BigInteger(1, word).compareTo(CKZG4844JNI.BLS_MODULUS) < 0;
    }

    /**
     * Why gnark-crypto refuses this 48-byte G1 point, or null if it takes it. Its checks, in order: flags, then (as
     * 48 bytes are too few for an uncompressed point) the infinity encoding or x below p, the curve, the subgroup.
     */
    private static PrecompileResult g1Failure(byte[] point) {
        int flags = point[0] & FLAGS;
        if (flags == 0x20 || flags == 0x60 || flags == 0xe0) {
            return PrecompileFailures.KZG_POINT_BAD_FLAGS;
        }
        if ((flags & COMPRESSED) == 0) {
            return PrecompileFailures.KZG_POINT_UNCOMPRESSED;
        }
        byte[] x = point.clone();
        x[0] &= (byte) ~FLAGS;
        BigInteger xValue = new BigInteger(1, x);
        if (flags == COMPRESSED_INFINITY) {
            return xValue.signum() == 0 ? null : PrecompileFailures.KZG_POINT_BAD_INFINITY;
        }
        BigInteger p = Bls12Codec.P;
        if (xValue.compareTo(p) >= 0) {
            return PrecompileFailures.KZG_POINT_X_NOT_IN_FIELD;
        }
        // Euler's criterion: y² = x³ + 4 has a root iff the right side is 0 or its (p-1)/2 power is 1.
        BigInteger rhs = xValue.pow(3).add(CURVE_B).mod(p);
        if (rhs.signum() != 0 && !rhs.modPow(p.shiftRight(1), p).equals(BigInteger.ONE)) {
            return PrecompileFailures.KZG_POINT_NOT_ON_CURVE;
        }
        return new P1_Affine(point).in_group() ? null : PrecompileFailures.KZG_POINT_NOT_IN_SUBGROUP;
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
