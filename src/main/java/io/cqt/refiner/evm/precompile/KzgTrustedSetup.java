package io.cqt.refiner.evm.precompile;

import ethereum.ckzg4844.CKZG4844JNI;

/**
 * The Ethereum mainnet KZG trusted setup (the 2023 ceremony's output) loaded into c-kzg-4844's native library. The
 * library holds one setup per process, so there is one instance: {@link #mainnet()} loads it on first use. The
 * setup file comes from web3j's crypto artifact, which ships it as the resource {@code /trusted_setup.txt}.
 */
public final class KzgTrustedSetup {
    private static final String RESOURCE = "/trusted_setup.txt";

    private KzgTrustedSetup() {
    }

    private static final class Holder {
        static final KzgTrustedSetup MAINNET = load();
    }

    /** The loaded mainnet setup; loads it (once, thread-safely) on first call. */
    public static KzgTrustedSetup mainnet() {
        return Holder.MAINNET;
    }

    private static KzgTrustedSetup load() {
        CKZG4844JNI.loadNativeLibrary();
        if (KzgTrustedSetup.class.getResource(RESOURCE) == null) {
            throw new IllegalStateException("KZG trusted setup resource " + RESOURCE + " is not on the classpath "
                    + "(it comes from org.web3j:crypto)");
        }
        // Precompute 0: only single-point verification is needed, which gains nothing from the tables.
        CKZG4844JNI.loadTrustedSetupFromResource(RESOURCE, KzgTrustedSetup.class, 0);
        return new KzgTrustedSetup();
    }

    /** True when {@code proof} opens {@code commitment} to {@code y} at {@code z}; false for any malformed input. */
    boolean verifyProof(byte[] commitment, byte[] z, byte[] y, byte[] proof) {
        try {
            return CKZG4844JNI.verifyKzgProof(commitment, z, y, proof);
        } catch (RuntimeException e) {
            // CKZGException: a point not on the curve or not in G1, or a field element not below the modulus.
            return false;
        }
    }
}
