package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;

/**
 * 0x100 P256VERIFY (EIP-7951, Osaka): ECDSA verification on secp256r1. Input is exactly 160 bytes, hash · r · s ·
 * qx · qy. A valid signature returns the 32-byte word 1; anything else (wrong length, r or s outside [1, n-1],
 * coordinates not below p, a key off the curve or at infinity, a signature that does not verify) returns empty
 * output with the gas still charged. It is never an exceptional halt.
 */
public final class P256Verify implements Precompile {
    private static final long GAS = 6900;
    private static final int INPUT_LENGTH = 160;
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final BigInteger N = CURVE.getN();
    private static final BigInteger P = CURVE.getCurve().getField().getCharacteristic();
    private static final PrecompileResult INVALID = PrecompileResult.success(new byte[0]);

    @Override
    public String name() {
        return "P256VERIFY";
    }

    @Override
    public long gas(byte[] input) {
        return GAS;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length != INPUT_LENGTH) {
            return INVALID;
        }
        BigInteger e = PrecompileInput.unsigned(input, 0, 32);
        BigInteger r = PrecompileInput.unsigned(input, 32, 32);
        BigInteger s = PrecompileInput.unsigned(input, 64, 32);
        BigInteger qx = PrecompileInput.unsigned(input, 96, 32);
        BigInteger qy = PrecompileInput.unsigned(input, 128, 32);
        if (!inScalarRange(r) || !inScalarRange(s) || qx.compareTo(P) >= 0 || qy.compareTo(P) >= 0) {
            return INVALID;
        }
        if (qx.signum() == 0 && qy.signum() == 0) {
            return INVALID;
        }
        ECCurve curve = CURVE.getCurve();
        ECPoint q = curve.createPoint(qx, qy);
        if (!q.isValid()) {
            return INVALID;
        }
        BigInteger sInverse = s.modInverse(N);
        BigInteger u1 = e.mod(N).multiply(sInverse).mod(N);
        BigInteger u2 = r.multiply(sInverse).mod(N);
        ECPoint point = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), u1, q, u2).normalize();
        if (point.isInfinity()) {
            return INVALID;
        }
        if (!point.getAffineXCoord().toBigInteger().mod(N).equals(r)) {
            return INVALID;
        }
        byte[] one = new byte[32];
        one[31] = 1;
        return PrecompileResult.success(one);
    }

    private static boolean inScalarRange(BigInteger value) {
        return value.signum() > 0 && value.compareTo(N) < 0;
    }
}
