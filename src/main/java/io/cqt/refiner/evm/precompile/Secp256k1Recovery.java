package io.cqt.refiner.evm.precompile;

/**
 * Public-key recovery on secp256k1, the backend of {@link EcRecover}. Callers have already checked that r and s
 * lie in [1, n-1] and that the recovery id is 0 or 1.
 */
public interface Secp256k1Recovery {
    /**
     * The 64-byte uncompressed public key (x || y) that signed {@code hash} with (r, s, recoveryId), or null when no
     * key does (r is not the x of a curve point, or the recovered point is at infinity).
     */
    byte[] recover(byte[] hash, byte[] r, byte[] s, int recoveryId);

    /** The native libsecp256k1 backend when its library loads on this machine, else the BouncyCastle one. */
    static Secp256k1Recovery best() {
        Secp256k1Recovery nativeBackend = NativeSecp256k1Recovery.loadOrNull();
        return nativeBackend != null ? nativeBackend : new BouncyCastleSecp256k1Recovery();
    }
}
