package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cqt.refiner.types.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** BLAKE2F (0x09). Vectors are EIP-152's "Test Cases" section, typed in; vector 8 (2^32-1 rounds) is too slow. */
class Blake2FTest {
    private static final String H =
            "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b";
    private static final String M = "616263" + "00".repeat(125);
    private static final String T = "0300000000000000" + "0000000000000000";

    private final Blake2F blake = new Blake2F();

    private static byte[] input(String rounds, String finalFlag) {
        return Hex.decode(rounds + H + M + T + finalFlag);
    }

    @Test
    void eip152Vector0EmptyInputFails() {
        assertFalse(blake.run(new byte[0]).success());
    }

    @Test
    void eip152Vectors1And2WrongLengthFail() {
        byte[] full = input("0000000c", "01");
        assertFalse(blake.run(java.util.Arrays.copyOfRange(full, 1, full.length)).success(), "212 bytes");
        byte[] longer = java.util.Arrays.copyOf(Hex.decode("00" + Hex.encode(full).substring(2)), 214);
        assertFalse(blake.run(longer).success(), "214 bytes");
    }

    @Test
    void eip152Vector3BadFinalFlagFails() {
        assertFalse(blake.run(input("0000000c", "02")).success());
    }

    @Test
    void eip152Vector4ZeroRounds() {
        assertArrayEquals(Hex.decode("08c9bcf367e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5"
                + "d282e6ad7f520e511f6c3e2b8c68059b9442be0454267ce079217e1319cde05b"),
                blake.run(input("00000000", "01")).output());
        assertEquals(0, blake.gas(input("00000000", "01")));
    }

    @Test
    void eip152Vector5TwelveRounds() {
        assertArrayEquals(Hex.decode("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"),
                blake.run(input("0000000c", "01")).output());
        assertEquals(12, blake.gas(input("0000000c", "01")));
    }

    @Test
    void eip152Vector6NotFinal() {
        assertArrayEquals(Hex.decode("75ab69d3190a562c51aef8d88f1c2775876944407270c42c9844252c26d28752"
                + "98743e7f6d5ea2f2d3e8d226039cd31b4e426ac4f2d3d666a610c2116fde4735"),
                blake.run(input("0000000c", "00")).output());
    }

    @Test
    void eip152Vector7OneRound() {
        assertArrayEquals(Hex.decode("b63a380cb2897d521994a85234ee2c181b5f844d2c624c002677e9703449d2fb"
                + "a551b3a8333bcdf5f2f7e08993d53923de3d64fcc68c034e717b9293fed7a421"),
                blake.run(input("00000001", "01")).output());
    }

    @Test
    void eip152Vector8GasIsRoundCount() {
        assertEquals(0xffffffffL, blake.gas(input("ffffffff", "01")));
    }

    /**
     * RFC 7693 appendix A: BLAKE2b-512("abc"). Here the hash is driven through the precompile from the unkeyed
     * parameter block (h0 = IV ^ 0x01010040), independent of the EIP's pre-mixed h.
     */
    @Test
    void rfc7693AbcThroughThePrecompile() {
        long[] iv = {0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
            0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L};
        iv[0] ^= 0x01010000L ^ 64; // digest length 64, no key, fanout 1, depth 1
        byte[] in = new byte[213];
        in[3] = 12;
        for (int i = 0; i < 8; i++) {
            Blake2F.putLittleEndianLong(in, 4 + 8 * i, iv[i]);
        }
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(abc, 0, in, 68, 3);
        in[196] = 3;
        in[212] = 1;
        assertArrayEquals(Hex.decode("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"), blake.run(in).output());
    }

    /** RFC 7693 BLAKE2b-512 of a 200-byte message: four F calls, compared with BouncyCastle's BLAKE2b. */
    @Test
    void multiBlockHashMatchesBouncyCastle() {
        byte[] message = new byte[300];
        new java.util.Random(7).nextBytes(message);
        org.bouncycastle.crypto.digests.Blake2bDigest reference = new org.bouncycastle.crypto.digests.Blake2bDigest(512);
        reference.update(message, 0, message.length);
        byte[] expected = new byte[64];
        reference.doFinal(expected, 0);

        long[] iv = {0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
            0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L};
        iv[0] ^= 0x01010000L ^ 64;
        byte[] state = new byte[64];
        for (int i = 0; i < 8; i++) {
            Blake2F.putLittleEndianLong(state, 8 * i, iv[i]);
        }
        int offset = 0;
        while (true) {
            boolean last = message.length - offset <= 128;
            int blockLength = Math.min(128, message.length - offset);
            byte[] in = new byte[213];
            in[3] = 12;
            System.arraycopy(state, 0, in, 4, 64);
            System.arraycopy(message, offset, in, 68, blockLength);
            Blake2F.putLittleEndianLong(in, 196, offset + blockLength);
            in[212] = (byte) (last ? 1 : 0);
            state = blake.run(in).output();
            offset += blockLength;
            if (last) {
                break;
            }
        }
        assertArrayEquals(expected, state);
    }

    @Test
    void randomInputsNeverThrow() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 300; i++) {
            byte[] in = new byte[213];
            random.nextBytes(in);
            in[0] = 0;
            in[1] = 0;
            in[2] = 0; // keep the round count small
            in[212] = (byte) random.nextInt(3);
            PrecompileResult result = blake.run(in);
            assertEquals(in[212] != 2, result.success());
        }
        // Lengths around 213 but never 213 itself: a random 213-byte input could ask for 2^32 rounds.
        PrecompileFuzz.neverThrows(blake, 5, 200, 0, 100, 211, 215, 300);
    }
}
