package io.cqt.refiner.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cqt.refiner.evm.word.WordMath;
import io.cqt.refiner.types.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

/** Keccak256 against BouncyCastle's KeccakDigest(256), the implementation it replaced, and published vectors. */
class Keccak256Test {
    private static final int[] BLOCK_EDGES = {0, 1, 7, 8, 9, 135, 136, 137, 271, 272, 273, 407, 408, 409};

    private static byte[] reference(byte[] input, int offset, int length) {
        KeccakDigest digest = new KeccakDigest(256);
        digest.update(input, offset, length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] random(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void knownVectors() {
        assertEquals("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                Hex.encode(Keccak256.hash(new byte[0])));
        assertEquals("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
                Hex.encode(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(Keccak256.EMPTY, Keccak256.of(new byte[0]));
        assertEquals(Keccak256.EMPTY_LIST, Keccak256.of(new byte[] {(byte) 0xc0}));
    }

    @Test
    void everyLengthUpTo600MatchesBouncyCastle() {
        Random random = new Random(1);
        for (int length = 0; length <= 600; length++) {
            byte[] input = random(random, length);
            assertArrayEquals(reference(input, 0, length), Keccak256.hash(input), "length " + length);
        }
    }

    @Test
    void blockEdgesOfAllOnesMatchBouncyCastle() {
        // All-ones input sets every bit the padding touches, so a pad byte xored in the wrong place shows.
        for (int length : BLOCK_EDGES) {
            byte[] input = new byte[length];
            Arrays.fill(input, (byte) 0xff);
            assertArrayEquals(reference(input, 0, length), Keccak256.hash(input), "length " + length);
        }
    }

    @Test
    void offsetsIntoLargerArraysMatchBouncyCastle() {
        Random random = new Random(2);
        byte[] input = random(random, 1200);
        for (int length : BLOCK_EDGES) {
            for (int offset : new int[] {1, 3, 7, 8, 13, 1200 - length}) {
                assertArrayEquals(reference(input, offset, length), Keccak256.hash(input, offset, length),
                        "offset " + offset + ", length " + length);
            }
        }
        for (int length = 0; length <= 600; length += 17) {
            assertArrayEquals(reference(input, 1200 - length, length), Keccak256.hash(input, 1200 - length, length),
                    "message at the array's end, length " + length);
        }
    }

    @Test
    void streamingInRandomChunksMatchesBouncyCastle() {
        Random random = new Random(3);
        Keccak256 keccak = new Keccak256();
        for (int trial = 0; trial < 500; trial++) {
            byte[] input = random(random, random.nextInt(1500));
            int at = 0;
            while (at < input.length) {
                int chunk = Math.min(input.length - at, random.nextInt(300));
                keccak.update(input, at, chunk);
                at += chunk;
            }
            byte[] out = new byte[40];
            keccak.digest(out, 5);
            assertArrayEquals(reference(input, 0, input.length), Arrays.copyOfRange(out, 5, 37),
                    "trial " + trial + ", length " + input.length);
        }
    }

    @Test
    void singleByteUpdatesAndReuseAfterDigestMatchBouncyCastle() {
        Random random = new Random(4);
        Keccak256 keccak = new Keccak256();
        for (int length : BLOCK_EDGES) {
            byte[] input = random(random, length);
            for (byte b : input) {
                keccak.update(b);
            }
            byte[] out = new byte[32];
            keccak.digest(out, 0);
            assertArrayEquals(reference(input, 0, length), out, "length " + length);
            // Mixed: single bytes around whole blocks given at once.
            keccak.update(input, 0, length / 2);
            if (length > 0) {
                keccak.update(input[length / 2]);
                keccak.update(input, length / 2 + 1, length - length / 2 - 1);
            }
            keccak.digest(out, 0);
            assertArrayEquals(reference(input, 0, length), out, "mixed, length " + length);
        }
    }

    @Test
    void hashToWordReadsTheHashAsFromBytes32Would() {
        Random random = new Random(5);
        byte[] input = random(random, 700);
        for (int length = 0; length <= 600; length += 7) {
            int offset = length % 13;
            long[] expected = new long[12];
            long[] actual = new long[12];
            WordMath.fromBytes32(expected, 4, Keccak256.hash(input, offset, length), 0);
            Keccak256.hashToWord(input, offset, length, actual, 4);
            assertArrayEquals(expected, actual, "length " + length);
        }
    }
}
