package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import supranational.blst.P1;
import supranational.blst.P2;

/**
 * MAP_FP_TO_G1 (0x10) and MAP_FP2_TO_G2 (0x11). The oracle is blst's own hash_to_curve: RFC 9380 defines
 * hash_to_curve(msg) = clear_cofactor(map(u0) + map(u1)) with (u0, u1) = hash_to_field(msg), and clear_cofactor is
 * linear, so G?ADD(MAP(u0), MAP(u1)) must equal blst's hash_to(msg) when u0, u1 come from hash_to_field here.
 */
class Bls12MapToCurveTest {
    private static final String DST_G1 = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
    private static final String DST_G2 = "QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_";
    private static final BigInteger P = Bls12Codec.P;

    private final Bls12MapFpToG1 mapG1 = new Bls12MapFpToG1();
    private final Bls12MapFp2ToG2 mapG2 = new Bls12MapFp2ToG2();

    /** RFC 9380 section 5.3.1 expand_message_xmd with SHA-256. */
    private static byte[] expandMessageXmd(byte[] msg, byte[] dst, int length) {
        byte[] dstPrime = concat(dst, new byte[] {(byte) dst.length});
        byte[] b0 = Sha256.digest(concat(new byte[64], msg, new byte[] {(byte) (length >>> 8), (byte) length, 0},
                dstPrime));
        ByteArrayOutputStream uniform = new ByteArrayOutputStream();
        byte[] previous = Sha256.digest(concat(b0, new byte[] {1}, dstPrime));
        uniform.writeBytes(previous);
        for (int i = 2; uniform.size() < length; i++) {
            byte[] mixed = new byte[32];
            for (int j = 0; j < 32; j++) {
                mixed[j] = (byte) (b0[j] ^ previous[j]);
            }
            previous = Sha256.digest(concat(mixed, new byte[] {(byte) i}, dstPrime));
            uniform.writeBytes(previous);
        }
        return Arrays.copyOf(uniform.toByteArray(), length);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** RFC 9380 section 5.2 hash_to_field with L = 64: {@code count·degree} field elements, each as 64 bytes. */
    private static byte[][] hashToField(byte[] msg, String dst, int elements) {
        byte[] uniform = expandMessageXmd(msg, dst.getBytes(StandardCharsets.US_ASCII), 64 * elements);
        byte[][] out = new byte[elements][];
        for (int i = 0; i < elements; i++) {
            BigInteger e = new BigInteger(1, Arrays.copyOfRange(uniform, 64 * i, 64 * (i + 1))).mod(P);
            out[i] = PrecompileInput.leftPad(e, 64);
        }
        return out;
    }

    @Test
    void g1MatchesBlstHashToCurve() {
        for (String message : new String[] {"", "abc", "abcdef0123456789", "q128_" + "q".repeat(128)}) {
            byte[] msg = message.getBytes(StandardCharsets.US_ASCII);
            byte[][] u = hashToField(msg, DST_G1, 2);
            byte[] q0 = mapG1.run(u[0]).output();
            byte[] q1 = mapG1.run(u[1]).output();
            byte[] sum = new Bls12G1Add().run(concat(q0, q1)).output();
            byte[] expected = Bls12Codec.encode(new P1().hash_to(msg, DST_G1));
            assertArrayEquals(expected, sum, "message '" + message + "'");
        }
    }

    @Test
    void g2MatchesBlstHashToCurve() {
        for (String message : new String[] {"", "abc", "a512_" + "a".repeat(512)}) {
            byte[] msg = message.getBytes(StandardCharsets.US_ASCII);
            byte[][] u = hashToField(msg, DST_G2, 4);
            byte[] q0 = mapG2.run(concat(u[0], u[1])).output();
            byte[] q1 = mapG2.run(concat(u[2], u[3])).output();
            byte[] sum = new Bls12G2Add().run(concat(q0, q1)).output();
            byte[] expected = Bls12Codec.encode(new P2().hash_to(msg, DST_G2));
            assertArrayEquals(expected, sum, "message '" + message + "'");
        }
    }

    @Test
    void outputsAreInTheSubgroup() {
        Random random = new Random(12);
        for (int i = 0; i < 20; i++) {
            byte[] u = PrecompileInput.leftPad(new BigInteger(380, random), 64);
            P1 p = Bls12Codec.g1(mapG1.run(u).output(), 0);
            assertTrue(p != null && p.in_group());
            P2 q = Bls12Codec.g2(mapG2.run(concat(u, u)).output(), 0);
            assertTrue(q != null && q.in_group());
        }
        // u = 0 is allowed (SSWU's tv1 = 0 branch).
        assertTrue(mapG1.run(new byte[64]).success());
        assertTrue(mapG2.run(new byte[128]).success());
    }

    @Test
    void invalidEncodingsFail() {
        assertFalse(mapG1.run(PrecompileInput.leftPad(P, 64)).success(), "u = p");
        byte[] highPadding = new byte[64];
        highPadding[0] = 1;
        assertFalse(mapG1.run(highPadding).success());
        assertFalse(mapG1.run(new byte[63]).success());
        assertFalse(mapG1.run(new byte[65]).success());
        assertFalse(mapG2.run(concat(new byte[64], PrecompileInput.leftPad(P, 64))).success(), "c1 = p");
        assertFalse(mapG2.run(new byte[127]).success());
        assertEquals(5500, mapG1.gas(new byte[64]));
        assertEquals(23_800, mapG2.gas(new byte[128]));
    }

    @Test
    void randomInputsNeverThrow() {
        PrecompileFuzz.neverThrows(mapG1, 81, 100, 0, 64);
        PrecompileFuzz.neverThrows(mapG2, 82, 60, 0, 128);
    }
}
