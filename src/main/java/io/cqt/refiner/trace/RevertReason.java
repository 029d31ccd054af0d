package io.cqt.refiner.trace;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The reason Solidity encodes in revert data, as geth's callTracer reports it in {@code revertReason}: the string of
 * {@code Error(string)}, or for {@code Panic(uint256)} the meaning of its code (Solidity's documented panic codes).
 */
final class RevertReason {
    private static final byte[] ERROR_SELECTOR = {0x08, (byte) 0xc3, 0x79, (byte) 0xa0};
    private static final byte[] PANIC_SELECTOR = {0x4e, 0x48, 0x7b, 0x71};
    private static final Map<Integer, String> PANICS = Map.of(
            0x00, "generic panic",
            0x01, "assert(false)",
            0x11, "arithmetic underflow or overflow",
            0x12, "division or modulo by zero",
            0x21, "enum overflow",
            0x22, "invalid encoded storage byte array accessed",
            0x31, "out-of-bounds array access; popping on an empty array",
            0x32, "out-of-bounds access of an array or bytesN",
            0x41, "out of memory",
            0x51, "uninitialized function");

    private RevertReason() {
    }

    /** The reason, or null when the data is neither encoding (or is malformed). */
    static String of(byte[] data) {
        if (data.length < 4) {
            return null;
        }
        byte[] selector = Arrays.copyOf(data, 4);
        if (Arrays.equals(selector, ERROR_SELECTOR)) {
            return errorString(data);
        }
        if (Arrays.equals(selector, PANIC_SELECTOR) && data.length >= 4 + 32) {
            BigInteger code = new BigInteger(1, Arrays.copyOfRange(data, 4, 36));
            String known = code.bitLength() <= 31 ? PANICS.get(code.intValue()) : null;
            return known != null ? known : "unknown panic code: 0x" + code.toString(16);
        }
        return null;
    }

    /** ABI {@code string} after the selector: a head word with the offset, then length and bytes. */
    private static String errorString(byte[] data) {
        int base = 4;
        long offset = word(data, base);
        if (offset < 0 || base + offset + 32 > data.length) {
            return null;
        }
        int at = base + (int) offset;
        long length = word(data, at);
        if (length < 0 || at + 32 + length > data.length) {
            return null;
        }
        return new String(data, at + 32, (int) length, StandardCharsets.UTF_8);
    }

    /** The 32-byte big-endian word at {@code at} as a non-negative int, or -1 when it is too big or cut short. */
    private static long word(byte[] data, int at) {
        if (at + 32 > data.length) {
            return -1;
        }
        for (int i = at; i < at + 28; i++) {
            if (data[i] != 0) {
                return -1;
            }
        }
        long v = 0;
        for (int i = at + 28; i < at + 32; i++) {
            v = v << 8 | (data[i] & 0xff);
        }
        return v > Integer.MAX_VALUE ? -1 : v;
    }
}
