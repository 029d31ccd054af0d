package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Pure-Java recovery on BouncyCastle's secp256k1 arithmetic (SEC 1 v2, section 4.1.6): R is the point with x = r and
 * the parity the recovery id names, and the key is Q = r⁻¹(sR − eG).
 */
final class BouncyCastleSecp256k1Recovery implements Secp256k1Recovery {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");

    @Override
    public byte[] recover(byte[] hash, byte[] r, byte[] s, int recoveryId) {
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (0x02 + recoveryId);
        System.arraycopy(r, 0, compressed, 1, 32);
        ECPoint bigR;
        try {
            bigR = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            // r is not the x coordinate of a curve point (or is not below the field prime).
            return null;
        }
        BigInteger n = CURVE.getN();
        BigInteger rInverse = new BigInteger(1, r).modInverse(n);
        BigInteger e = new BigInteger(1, hash).mod(n);
        BigInteger u1 = n.subtract(e).multiply(rInverse).mod(n);
        BigInteger u2 = new BigInteger(1, s).multiply(rInverse).mod(n);
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, bigR, u2).normalize();
        if (q.isInfinity()) {
            return null;
        }
        byte[] encoded = q.getEncoded(false);
        byte[] key = new byte[64];
        System.arraycopy(encoded, 1, key, 0, 64);
        return key;
    }

    @Override
    public String toString() {
        return "BouncyCastle";
    }
}
