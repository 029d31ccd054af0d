package io.cqt.refiner.crypto;

import io.cqt.refiner.types.Hash;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Keccak-256 (the pre-standard SHA-3 Ethereum uses): Keccak[c=512] with the original 0x01 padding, written from the
 * Keccak reference and FIPS 202. Instances are not thread-safe; the static helpers are, and allocate nothing beyond
 * their result.
 */
public final class Keccak256 {
    /** keccak256 of the empty string: the code hash of an account without code. */
    public static final Hash EMPTY = Hash.fromHex("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    /** keccak256(rlp([])): the empty uncle list hash and the hash of an empty log list. */
    public static final Hash EMPTY_LIST = Hash.fromHex(
            "1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

    /** Bytes absorbed per permutation: 1600 − 2·256 bits. */
    private static final int RATE = 136;
    /** The last padding bit, the top bit of the block's last byte (lane 16). */
    private static final long PAD_LAST = 0x8000000000000000L;

    // Keccak lanes are little-endian: one load per lane instead of eight.
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** ι's round constants, RC[i] for rounds 0..23 (FIPS 202 §3.2.5). */
    private static final long[] RC = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808AL, 0x8000000080008000L,
        0x000000000000808BL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008AL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000AL,
        0x000000008000808BL, 0x800000000000008BL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800AL, 0x800000008000000AL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };

    // Streaming state: the 25 lanes (index x + 5y) between blocks, and the bytes of an unfinished block.
    private final long[] state = new long[25];
    private final byte[] block = new byte[RATE];
    private int buffered;

    public void update(byte[] input, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, input.length);
        if (buffered > 0) {
            int take = Math.min(length, RATE - buffered);
            System.arraycopy(input, offset, block, buffered, take);
            buffered += take;
            offset += take;
            length -= take;
            if (buffered < RATE) {
                return;
            }
            sponge(state, block, 0, RATE, null, 0, null, 0);
            buffered = 0;
        }
        int whole = length - length % RATE;
        if (whole > 0) {
            sponge(state, input, offset, whole, null, 0, null, 0);
        }
        System.arraycopy(input, offset + whole, block, 0, length - whole);
        buffered = length - whole;
    }

    public void update(byte input) {
        block[buffered++] = input;
        if (buffered == RATE) {
            sponge(state, block, 0, RATE, null, 0, null, 0);
            buffered = 0;
        }
    }

    /** Finishes into {@code out[offset..offset+32)} and resets for the next use. */
    public void digest(byte[] out, int offset) {
        Objects.checkFromIndexSize(offset, 32, out.length);
        sponge(state, block, 0, buffered, out, offset, null, 0);
        Arrays.fill(state, 0);
        buffered = 0;
    }

    public static byte[] hash(byte[] input) {
        return hash(input, 0, input.length);
    }

    public static byte[] hash(byte[] input, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, input.length);
        byte[] out = new byte[32];
        sponge(null, input, offset, length, out, 0, null, 0);
        return out;
    }

    public static Hash of(byte[] input) {
        return Hash.wrap(hash(input));
    }

    /**
     * Hashes {@code input[offset..offset+length)} into the 256-bit word at {@code stack[index..index+3]}, as
     * {@code WordMath.fromBytes32} would read the 32 hash bytes (most significant limb first), without the bytes.
     */
    public static void hashToWord(byte[] input, int offset, int length, long[] stack, int index) {
        Objects.checkFromIndexSize(offset, length, input.length);
        Objects.checkFromIndexSize(index, 4, stack.length);
        sponge(null, input, offset, length, null, 0, stack, index);
    }

    /**
     * The sponge, with the lanes in locals so the permutation runs in registers and a one-shot hash needs no state
     * object. Starts from {@code state} (all zero when null) and absorbs {@code in[off..off+len)}. When {@code out}
     * or {@code word} is given, it also absorbs the padded tail and writes the digest: to {@code out} as bytes, else
     * to {@code word} as a big-endian stack word. Otherwise {@code len} is a whole number of blocks and the lanes
     * are stored back into {@code state}.
     */
    private static void sponge(long[] state, byte[] in, int off, int len, byte[] out, int outOff, long[] word,
            int wordIndex) {
        // Lane A[x, y] is aXY.
        long a00 = 0, a10 = 0, a20 = 0, a30 = 0, a40 = 0;
        long a01 = 0, a11 = 0, a21 = 0, a31 = 0, a41 = 0;
        long a02 = 0, a12 = 0, a22 = 0, a32 = 0, a42 = 0;
        long a03 = 0, a13 = 0, a23 = 0, a33 = 0, a43 = 0;
        long a04 = 0, a14 = 0, a24 = 0, a34 = 0, a44 = 0;
        if (state != null) {
            a00 = state[0]; a10 = state[1]; a20 = state[2]; a30 = state[3]; a40 = state[4];
            a01 = state[5]; a11 = state[6]; a21 = state[7]; a31 = state[8]; a41 = state[9];
            a02 = state[10]; a12 = state[11]; a22 = state[12]; a32 = state[13]; a42 = state[14];
            a03 = state[15]; a13 = state[16]; a23 = state[17]; a33 = state[18]; a43 = state[19];
            a04 = state[20]; a14 = state[21]; a24 = state[22]; a34 = state[23]; a44 = state[24];
        }
        boolean finish = out != null || word != null;
        int end = off + len;
        int p = off;
        boolean last = false;
        // One loop over the rounds of all blocks, absorbing at each block's round 0: C2 keeps the lanes in registers
        // better than with the round loop nested in a block loop (about 10% faster per block, measured).
        for (int round = 0; ; ) {
            if (round == 0) {
                // A short (possibly empty) block can only be the padded last one.
                last = end - p < RATE;
                if (last && !finish) {
                    break;
                }
                a00 ^= paddedLane(in, p, end);
                a10 ^= paddedLane(in, p + 8, end);
                a20 ^= paddedLane(in, p + 16, end);
                a30 ^= paddedLane(in, p + 24, end);
                a40 ^= paddedLane(in, p + 32, end);
                a01 ^= paddedLane(in, p + 40, end);
                a11 ^= paddedLane(in, p + 48, end);
                a21 ^= paddedLane(in, p + 56, end);
                a31 ^= paddedLane(in, p + 64, end);
                a41 ^= paddedLane(in, p + 72, end);
                a02 ^= paddedLane(in, p + 80, end);
                a12 ^= paddedLane(in, p + 88, end);
                a22 ^= paddedLane(in, p + 96, end);
                a32 ^= paddedLane(in, p + 104, end);
                a42 ^= paddedLane(in, p + 112, end);
                a03 ^= paddedLane(in, p + 120, end);
                a13 ^= paddedLane(in, p + 128, end) ^ (last ? PAD_LAST : 0);
            }

            // Keccak-f[1600] round: θ, ρ and π (into b), χ (back into a) and ι.
            long c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04;
            long c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14;
            long c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24;
            long c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34;
            long c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44;
            long d0 = c4 ^ Long.rotateLeft(c1, 1);
            long d1 = c0 ^ Long.rotateLeft(c2, 1);
            long d2 = c1 ^ Long.rotateLeft(c3, 1);
            long d3 = c2 ^ Long.rotateLeft(c4, 1);
            long d4 = c3 ^ Long.rotateLeft(c0, 1);

            // B[x, y] = rot(A[(x + 3y) mod 5, x] ^ D, r) with that source lane's ρ offset r.
            long b00 = a00 ^ d0;
            long b10 = Long.rotateLeft(a11 ^ d1, 44);
            long b20 = Long.rotateLeft(a22 ^ d2, 43);
            long b30 = Long.rotateLeft(a33 ^ d3, 21);
            long b40 = Long.rotateLeft(a44 ^ d4, 14);
            long b01 = Long.rotateLeft(a30 ^ d3, 28);
            long b11 = Long.rotateLeft(a41 ^ d4, 20);
            long b21 = Long.rotateLeft(a02 ^ d0, 3);
            long b31 = Long.rotateLeft(a13 ^ d1, 45);
            long b41 = Long.rotateLeft(a24 ^ d2, 61);
            long b02 = Long.rotateLeft(a10 ^ d1, 1);
            long b12 = Long.rotateLeft(a21 ^ d2, 6);
            long b22 = Long.rotateLeft(a32 ^ d3, 25);
            long b32 = Long.rotateLeft(a43 ^ d4, 8);
            long b42 = Long.rotateLeft(a04 ^ d0, 18);
            long b03 = Long.rotateLeft(a40 ^ d4, 27);
            long b13 = Long.rotateLeft(a01 ^ d0, 36);
            long b23 = Long.rotateLeft(a12 ^ d1, 10);
            long b33 = Long.rotateLeft(a23 ^ d2, 15);
            long b43 = Long.rotateLeft(a34 ^ d3, 56);
            long b04 = Long.rotateLeft(a20 ^ d2, 62);
            long b14 = Long.rotateLeft(a31 ^ d3, 55);
            long b24 = Long.rotateLeft(a42 ^ d4, 39);
            long b34 = Long.rotateLeft(a03 ^ d0, 41);
            long b44 = Long.rotateLeft(a14 ^ d1, 2);

            a00 = b00 ^ (~b10 & b20) ^ RC[round];
            a10 = b10 ^ (~b20 & b30);
            a20 = b20 ^ (~b30 & b40);
            a30 = b30 ^ (~b40 & b00);
            a40 = b40 ^ (~b00 & b10);
            a01 = b01 ^ (~b11 & b21);
            a11 = b11 ^ (~b21 & b31);
            a21 = b21 ^ (~b31 & b41);
            a31 = b31 ^ (~b41 & b01);
            a41 = b41 ^ (~b01 & b11);
            a02 = b02 ^ (~b12 & b22);
            a12 = b12 ^ (~b22 & b32);
            a22 = b22 ^ (~b32 & b42);
            a32 = b32 ^ (~b42 & b02);
            a42 = b42 ^ (~b02 & b12);
            a03 = b03 ^ (~b13 & b23);
            a13 = b13 ^ (~b23 & b33);
            a23 = b23 ^ (~b33 & b43);
            a33 = b33 ^ (~b43 & b03);
            a43 = b43 ^ (~b03 & b13);
            a04 = b04 ^ (~b14 & b24);
            a14 = b14 ^ (~b24 & b34);
            a24 = b24 ^ (~b34 & b44);
            a34 = b34 ^ (~b44 & b04);
            a44 = b44 ^ (~b04 & b14);
            if (++round == 24) {
                if (last) {
                    break;
                }
                round = 0;
                p += RATE;
            }
        }
        if (out != null) {
            LE_LONG.set(out, outOff, a00);
            LE_LONG.set(out, outOff + 8, a10);
            LE_LONG.set(out, outOff + 16, a20);
            LE_LONG.set(out, outOff + 24, a30);
        } else if (word != null) {
            // The digest's bytes are the first four lanes, little-endian; a stack limb reads eight of them big-endian.
            word[wordIndex] = Long.reverseBytes(a00);
            word[wordIndex + 1] = Long.reverseBytes(a10);
            word[wordIndex + 2] = Long.reverseBytes(a20);
            word[wordIndex + 3] = Long.reverseBytes(a30);
        } else {
            state[0] = a00; state[1] = a10; state[2] = a20; state[3] = a30; state[4] = a40;
            state[5] = a01; state[6] = a11; state[7] = a21; state[8] = a31; state[9] = a41;
            state[10] = a02; state[11] = a12; state[12] = a22; state[13] = a32; state[14] = a42;
            state[15] = a03; state[16] = a13; state[17] = a23; state[18] = a33; state[19] = a43;
            state[20] = a04; state[21] = a14; state[22] = a24; state[23] = a34; state[24] = a44;
        }
    }

    /**
     * The little-endian lane at {@code in[at..at+8)} of a message ending at {@code end}, with Keccak's first padding
     * bit (0x01) in the byte just past the message: whole inside it, partial over its end, zero beyond.
     */
    private static long paddedLane(byte[] in, int at, int end) {
        int n = end - at;
        if (n >= 8) {
            return (long) LE_LONG.get(in, at);
        }
        if (n < 0) {
            return 0;
        }
        long v = 1L << (n << 3);
        for (int k = 0; k < n; k++) {
            v |= (in[at + k] & 0xFFL) << (k << 3);
        }
        return v;
    }
}
