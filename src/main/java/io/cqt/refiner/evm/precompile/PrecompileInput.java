package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;

/**
 * Reads precompile call data as the EVM defines it: bytes past the end of the input read as zero. Lengths declared
 * inside the input are clamped to {@code long} so gas formulas can saturate instead of overflowing.
 */
final class PrecompileInput {
    private PrecompileInput() {
    }

    /** {@code length} bytes of {@code input} from {@code offset}, zero-padded past its end. */
    static byte[] slice(byte[] input, long offset, int length) {
        byte[] out = new byte[length];
        if (offset < input.length) {
            int from = (int) offset;
            System.arraycopy(input, from, out, 0, Math.min(length, input.length - from));
        }
        return out;
    }

    /** The 32-byte big-endian word at {@code offset} as a long, or {@link Long#MAX_VALUE} when it does not fit. */
    static long wordAsLong(byte[] input, int offset) {
        byte[] word = slice(input, offset, 32);
        for (int i = 0; i < 24; i++) {
            if (word[i] != 0) {
                return Long.MAX_VALUE;
            }
        }
        long value = 0;
        for (int i = 24; i < 32; i++) {
            value = (value << 8) | (word[i] & 0xff);
        }
        return value < 0 ? Long.MAX_VALUE : value;
    }

    /** The unsigned big-endian integer in {@code input[offset, offset+length)}, zero-padded past its end. */
    static BigInteger unsigned(byte[] input, long offset, int length) {
        return new BigInteger(1, slice(input, offset, length));
    }

    /** The number of 32-byte words covering {@code length} bytes. */
    static long words(long length) {
        return (length + 31) >>> 5;
    }

    /** {@code base + perWord * words(length)}, the Yellow Paper's linear precompile cost. */
    static long linearGas(long base, long perWord, int length) {
        return base + perWord * words(length);
    }

    /** {@code value} as an unsigned big-endian number of exactly {@code length} bytes (high bytes dropped). */
    static byte[] leftPad(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
