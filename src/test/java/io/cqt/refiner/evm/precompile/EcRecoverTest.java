package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Hex;
import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;

/** ECRECOVER (0x01), on both backends. */
class EcRecoverTest {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final BigInteger N = CURVE.getN();

    private final Secp256k1Recovery nativeBackend = NativeSecp256k1Recovery.loadOrNull();
    private final Secp256k1Recovery javaBackend = new BouncyCastleSecp256k1Recovery();

    private static BigInteger[] sign(BigInteger privateKey, byte[] hash) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        ECDomainParameters domain = new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), N, CURVE.getH());
        signer.init(true, new ECPrivateKeyParameters(privateKey, domain));
        return signer.generateSignature(hash);
    }

    private static byte[] input(byte[] hash, int v, BigInteger r, BigInteger s) {
        byte[] in = new byte[128];
        System.arraycopy(hash, 0, in, 0, 32);
        in[63] = (byte) v;
        System.arraycopy(PrecompileInput.leftPad(r, 32), 0, in, 64, 32);
        System.arraycopy(PrecompileInput.leftPad(s, 32), 0, in, 96, 32);
        return in;
    }

    @Test
    void nativeLibraryLoadsHere() {
        assertNotNull(nativeBackend, "libsecp256k1 JNI did not load; ECRECOVER would run on the slower fallback");
    }

    /** The addresses of private keys 1 and 2 are well-known facts (e.g. listed on every "private key 1" page). */
    @Test
    void recoversWellKnownAddresses() {
        checkKnownAddress(BigInteger.ONE, "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
        checkKnownAddress(BigInteger.TWO, "0x2b5ad5c4795c026514f8317c7a215e218dccd6cf");
    }

    private void checkKnownAddress(BigInteger key, String address) {
        byte[] hash = Sha256.digest(new byte[] {42});
        BigInteger[] rs = sign(key, hash);
        byte[] expected = Hex.decode("0x000000000000000000000000" + address.substring(2));
        for (Secp256k1Recovery backend : backends()) {
            EcRecover ecrecover = new EcRecover(backend);
            int matches = 0;
            for (int v = 27; v <= 28; v++) {
                // High s recovers the same key with the other parity: the precompile accepts both forms.
                byte[] low = ecrecover.run(input(hash, v, rs[0], rs[1])).output();
                byte[] high = ecrecover.run(input(hash, 55 - v, rs[0], N.subtract(rs[1]))).output();
                assertArrayEquals(low, high, backend + " high-s");
                if (java.util.Arrays.equals(low, expected)) {
                    matches++;
                }
            }
            assertEquals(1, matches, backend + ": exactly one parity recovers " + address);
        }
    }

    @Test
    void invalidSignaturesReturnEmptySuccess() {
        byte[] hash = Sha256.digest(new byte[] {1});
        BigInteger[] rs = sign(BigInteger.valueOf(12345), hash);
        for (Secp256k1Recovery backend : backends()) {
            EcRecover ecrecover = new EcRecover(backend);
            assertEmpty(ecrecover.run(input(hash, 26, rs[0], rs[1])), "v=26");
            assertEmpty(ecrecover.run(input(hash, 29, rs[0], rs[1])), "v=29");
            assertEmpty(ecrecover.run(input(hash, 0, rs[0], rs[1])), "v=0");
            byte[] wideV = input(hash, 27, rs[0], rs[1]);
            wideV[62] = 1; // v = 256 + 27
            assertEmpty(ecrecover.run(wideV), "v with a high byte");
            assertEmpty(ecrecover.run(input(hash, 27, BigInteger.ZERO, rs[1])), "r=0");
            assertEmpty(ecrecover.run(input(hash, 27, rs[0], BigInteger.ZERO)), "s=0");
            assertEmpty(ecrecover.run(input(hash, 27, N, rs[1])), "r=n");
            assertEmpty(ecrecover.run(input(hash, 27, rs[0], N)), "s=n");
            assertEmpty(ecrecover.run(input(hash, 27, N.add(BigInteger.ONE), rs[1])), "r>n");
            assertEmpty(ecrecover.run(new byte[0]), "empty input");
        }
    }

    private static void assertEmpty(PrecompileResult result, String what) {
        assertTrue(result.success(), what + " must not be a failure");
        assertEquals(0, result.output().length, what);
    }

    @Test
    void zeroHashRecovers() {
        byte[] zero = new byte[32];
        BigInteger[] rs = sign(BigInteger.valueOf(777), zero);
        byte[] a = new EcRecover(javaBackend).run(input(zero, 27, rs[0], rs[1])).output();
        byte[] b = new EcRecover(javaBackend).run(input(zero, 28, rs[0], rs[1])).output();
        assertTrue(a.length == 32 || b.length == 32, "a signature over the zero hash recovers a key");
    }

    /** Both backends give identical answers on valid, boundary and random signatures. */
    @Test
    void backendsAgree() {
        if (nativeBackend == null) {
            return; // nativeLibraryLoadsHere reports it
        }
        EcRecover nat = new EcRecover(nativeBackend);
        EcRecover java = new EcRecover(javaBackend);
        Random random = new Random(99);
        for (int i = 0; i < 300; i++) {
            byte[] hash = new byte[32];
            if (i % 10 != 0) {
                random.nextBytes(hash);
            }
            BigInteger r;
            BigInteger s;
            switch (i % 4) {
                case 0 -> {
                    BigInteger[] rs = sign(new BigInteger(255, random).add(BigInteger.ONE), hash);
                    r = rs[0];
                    s = rs[1];
                }
                case 1 -> {
                    r = new BigInteger(256, random);
                    s = new BigInteger(256, random);
                }
                case 2 -> {
                    r = N.subtract(BigInteger.valueOf(random.nextInt(3)));
                    s = BigInteger.valueOf(random.nextInt(3));
                }
                default -> {
                    r = BigInteger.valueOf(random.nextInt(5) + 1);
                    s = N.subtract(BigInteger.ONE);
                }
            }
            int v = 26 + random.nextInt(4);
            byte[] in = input(hash, v, r, s);
            PrecompileResult a = nat.run(in);
            PrecompileResult b = java.run(in);
            assertEquals(a.success(), b.success());
            assertArrayEquals(a.output(), b.output(), "input " + Hex.encode(in));
        }
    }

    @Test
    void gasIsConstant() {
        assertEquals(3000, new EcRecover(javaBackend).gas(new byte[0]));
        assertEquals(3000, new EcRecover(javaBackend).gas(new byte[500]));
    }

    @Test
    void randomInputsNeverThrow() {
        for (Secp256k1Recovery backend : backends()) {
            PrecompileFuzz.neverThrows(new EcRecover(backend), 31, 200, 0, 64, 127, 128, 200);
        }
    }

    private java.util.List<Secp256k1Recovery> backends() {
        return nativeBackend == null ? java.util.List.of(javaBackend) : java.util.List.of(nativeBackend, javaBackend);
    }
}
