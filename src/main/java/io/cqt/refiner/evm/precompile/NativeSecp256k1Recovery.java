package io.cqt.refiner.evm.precompile;

import fr.acinq.secp256k1.Secp256k1;

/** libsecp256k1 through ACINQ's secp256k1-kmp JNI binding. */
final class NativeSecp256k1Recovery implements Secp256k1Recovery {
    private final Secp256k1 secp;

    private NativeSecp256k1Recovery(Secp256k1 secp) {
        this.secp = secp;
    }

    /** The backend, or null when the native library (or its Kotlin runtime) cannot load here. */
    static NativeSecp256k1Recovery loadOrNull() {
        try {
            return new NativeSecp256k1Recovery(Secp256k1.get());
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    @Override
    public byte[] recover(byte[] hash, byte[] r, byte[] s, int recoveryId) {
        byte[] signature = new byte[64];
        System.arraycopy(r, 0, signature, 0, 32);
        System.arraycopy(s, 0, signature, 32, 32);
        try {
            byte[] uncompressed = secp.ecdsaRecover(signature, hash, recoveryId);
            byte[] key = new byte[64];
            System.arraycopy(uncompressed, 1, key, 0, 64);
            return key;
        } catch (RuntimeException e) {
            // Secp256k1Exception: no key recovers from this signature.
            return null;
        }
    }

    @Override
    public String toString() {
        return "libsecp256k1 (JNI)";
    }
}
