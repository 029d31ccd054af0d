package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.Test;

/** P256VERIFY (0x100, EIP-7951). */
class P256VerifyTest {
    private static final BigInteger N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
    private static final BigInteger P =
            new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);

    private final P256Verify verify = new P256Verify();

    /** RFC 6979 appendix A.2.5: P-256, SHA-256, message "sample". */
    private static final String RFC6979_HASH = Hex.encode(Sha256.digest("sample".getBytes(StandardCharsets.US_ASCII)))
            .substring(2);
    private static final String RFC6979_R = "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716";
    private static final String RFC6979_S = "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
    private static final String RFC6979_QX = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
    private static final String RFC6979_QY = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";

    private static byte[] one() {
        byte[] one = new byte[32];
        one[31] = 1;
        return one;
    }

    private void assertInvalid(byte[] input, String what) {
        PrecompileResult result = verify.run(input);
        assertTrue(result.success(), what + ": EIP-7951 failure is not an exceptional halt");
        assertEquals(0, result.output().length, what);
    }

    @Test
    void rfc6979KnownSignatureVerifies() {
        byte[] in = Hex.decode(RFC6979_HASH + RFC6979_R + RFC6979_S + RFC6979_QX + RFC6979_QY);
        assertArrayEquals(one(), verify.run(in).output());
    }

    @Test
    void everyChangedByteFails() {
        byte[] good = Hex.decode(RFC6979_HASH + RFC6979_R + RFC6979_S + RFC6979_QX + RFC6979_QY);
        for (int i = 0; i < good.length; i += 7) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            assertInvalid(bad, "byte " + i);
        }
    }

    @Test
    void malformedInputsFailQuietly() {
        String rest = RFC6979_QX + RFC6979_QY;
        assertInvalid(new byte[0], "empty");
        assertInvalid(new byte[159], "159 bytes");
        assertInvalid(Hex.decode(RFC6979_HASH + RFC6979_R + RFC6979_S + rest + "00"), "161 bytes");
        assertInvalid(Hex.decode(RFC6979_HASH + "00".repeat(32) + RFC6979_S + rest), "r = 0");
        assertInvalid(Hex.decode(RFC6979_HASH + RFC6979_R + "00".repeat(32) + rest), "s = 0");
        assertInvalid(Hex.decode(RFC6979_HASH + hex(N) + RFC6979_S + rest), "r = n");
        assertInvalid(Hex.decode(RFC6979_HASH + RFC6979_R + hex(N) + rest), "s = n");
        assertInvalid(Hex.decode(RFC6979_HASH + RFC6979_R + RFC6979_S + "00".repeat(64)), "key at infinity");
        BigInteger qx = new BigInteger(RFC6979_QX, 16);
        assertInvalid(Hex.decode(RFC6979_HASH + RFC6979_R + RFC6979_S + hex(qx.add(P)) + RFC6979_QY), "qx >= p");
        assertInvalid(Hex.decode(RFC6979_HASH + RFC6979_R + RFC6979_S + RFC6979_QX + hex(BigInteger.ONE)), "off curve");
    }

    private static String hex(BigInteger value) {
        return Hex.encode(PrecompileInput.leftPad(value, 32)).substring(2);
    }

    /** Property: JDK-made signatures over random messages verify; the same with another key fails. */
    @Test
    void jdkSignaturesVerify() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        KeyPair other = generator.generateKeyPair();
        Random random = new Random(5);
        for (int i = 0; i < 20; i++) {
            byte[] message = new byte[random.nextInt(100)];
            random.nextBytes(message);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key.getPrivate());
            signer.update(message);
            ASN1Sequence der = ASN1Sequence.getInstance(signer.sign());
            BigInteger r = ASN1Integer.getInstance(der.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(der.getObjectAt(1)).getValue();
            String hash = Hex.encode(Sha256.digest(message)).substring(2);
            assertArrayEquals(one(), verify.run(Hex.decode(hash + hex(r) + hex(s) + publicKey(key))).output());
            // Malleated s (n - s) is also a valid ECDSA signature: EIP-7951 does not require low s.
            assertArrayEquals(one(), verify.run(Hex.decode(hash + hex(r) + hex(N.subtract(s)) + publicKey(key)))
                    .output());
            assertInvalid(Hex.decode(hash + hex(r) + hex(s) + publicKey(other)), "other key");
        }
    }

    private static String publicKey(KeyPair pair) {
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        return hex(key.getW().getAffineX()) + hex(key.getW().getAffineY());
    }

    @Test
    void gasAndFuzz() {
        assertEquals(6900, verify.gas(new byte[160]));
        PrecompileFuzz.neverThrows(verify, 41, 300, 0, 159, 160, 161);
    }
}
