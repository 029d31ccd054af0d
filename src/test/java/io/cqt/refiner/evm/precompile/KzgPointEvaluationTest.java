package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ethereum.ckzg4844.CKZG4844JNI;
import ethereum.ckzg4844.ProofAndY;
import io.cqt.refiner.types.Hex;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POINT EVALUATION (0x0a, EIP-4844) against proofs computed here with c-kzg-4844 for random blobs. */
class KzgPointEvaluationTest {
    /** EIP-4844: FIELD_ELEMENTS_PER_BLOB = 4096 and BLS_MODULUS (the BLS12-381 scalar field order). */
    private static final byte[] EXPECTED_OUTPUT = Hex.decode(String.format("%064x", 4096)
            + "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");

    private static KzgPointEvaluation precompile;

    @BeforeAll
    static void loadSetup() {
        precompile = new KzgPointEvaluation(KzgTrustedSetup.mainnet());
    }

    private static byte[] randomFieldElement(Random random) {
        byte[] element = new byte[32];
        random.nextBytes(element);
        element[0] &= 0x3f; // below the modulus (0x73ed...)
        return element;
    }

    /** A point evaluation that verifies: a proof c-kzg-4844 computes for a random blob. */
    static byte[] validInput(Random random) {
        byte[] blob = new byte[CKZG4844JNI.BYTES_PER_BLOB];
        for (int i = 0; i < blob.length; i += 32) {
            System.arraycopy(randomFieldElement(random), 0, blob, i, 32);
        }
        byte[] commitment = CKZG4844JNI.blobToKzgCommitment(blob);
        byte[] z = randomFieldElement(random);
        ProofAndY proof = CKZG4844JNI.computeKzgProof(blob, z);
        byte[] in = new byte[192];
        System.arraycopy(KzgPointEvaluation.versionedHash(commitment), 0, in, 0, 32);
        System.arraycopy(z, 0, in, 32, 32);
        System.arraycopy(proof.getY(), 0, in, 64, 32);
        System.arraycopy(commitment, 0, in, 96, 48);
        System.arraycopy(proof.getProof(), 0, in, 144, 48);
        return in;
    }

    @Test
    void proofForRandomBlobVerifies() {
        byte[] in = validInput(new Random(1));
        PrecompileResult result = precompile.run(in);
        assertTrue(result.success());
        assertArrayEquals(EXPECTED_OUTPUT, result.output());
        assertEquals(50_000, precompile.gas(in));
    }

    @Test
    void changedBytesFail() {
        byte[] good = validInput(new Random(2));
        // One byte in each field: versioned hash, z, y, commitment, proof.
        for (int offset : new int[] {5, 40, 90, 100, 150, 191}) {
            byte[] bad = good.clone();
            bad[offset] ^= 0x04;
            assertFalse(precompile.run(bad).success(), "byte " + offset);
        }
        byte[] wrongVersion = good.clone();
        wrongVersion[0] = 0x02;
        assertFalse(precompile.run(wrongVersion).success(), "version byte");
    }

    @Test
    void wrongLengthAndOutOfRangeFail() {
        byte[] good = validInput(new Random(3));
        assertFalse(precompile.run(java.util.Arrays.copyOf(good, 191)).success());
        assertFalse(precompile.run(java.util.Arrays.copyOf(good, 193)).success());
        assertFalse(precompile.run(new byte[0]).success());
        byte[] bigZ = good.clone();
        java.util.Arrays.fill(bigZ, 32, 64, (byte) 0xff);
        assertFalse(precompile.run(bigZ).success(), "z not below the modulus");
    }

    @Test
    void randomInputsNeverThrow() {
        PrecompileFuzz.neverThrows(precompile, 51, 200, 0, 191, 192, 193);
        // Random commitment and proof bytes behind a matching versioned hash reach the library's point decoding.
        Random random = new Random(52);
        for (int i = 0; i < 100; i++) {
            byte[] in = new byte[192];
            random.nextBytes(in);
            byte[] commitment = java.util.Arrays.copyOfRange(in, 96, 144);
            System.arraycopy(KzgPointEvaluation.versionedHash(commitment), 0, in, 0, 32);
            assertFalse(precompile.run(in).success());
        }
    }
}
