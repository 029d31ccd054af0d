package io.cqt.refiner.types;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Lower-case hexadecimal with the {@code 0x} prefix, the way Ethereum JSON writes it. */
public final class Hex {
    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Each byte's digit value, or -1. */
    private static final byte[] VALUES = new byte[256];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int c = 0; c < 256; c++) {
            int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            VALUES[c] = (byte) v;
        }
    }

    private Hex() {
    }

    /** {@code 0x} followed by two digits per byte. */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    public static String encode(byte[] bytes, int offset, int length) {
        byte[] out = new byte[2 + 2 * length];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 + 2 * i] = DIGITS[b >>> 4];
            out[3 + 2 * i] = DIGITS[b & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes hex with or without {@code 0x}; an odd number of digits gets a leading zero.
     *
     * @throws IllegalArgumentException naming the offending text when it is not hex
     */
    public static byte[] decode(CharSequence text) {
        if (text instanceof AsciiSlice slice) {
            return decode(slice);
        }
        int start = hasPrefix(text) ? 2 : 0;
        int digits = text.length() - start;
        byte[] out = new byte[(digits + 1) / 2];
        int o = out.length - 1;
        for (int i = text.length() - 1; i >= start; i -= 2) {
            int low = digit(text, i);
            int high = i - 1 >= start ? digit(text, i - 1) : 0;
            out[o--] = (byte) ((high << 4) | low);
        }
        return out;
    }

    /** As {@link #decode(CharSequence)}, reading the slice's bytes without going through characters. */
    private static byte[] decode(AsciiSlice slice) {
        byte[] text = slice.array();
        int from = slice.offset();
        int end = from + slice.length();
        int start = from + (hasPrefix(slice) ? 2 : 0);
        byte[] out = new byte[(end - start + 1) / 2];
        int o = out.length - 1;
        int i = end - 1;
        for (; i > start; i -= 2) {
            int low = VALUES[text[i] & 0xff];
            int high = VALUES[text[i - 1] & 0xff];
            if ((low | high) < 0) {
                throw new IllegalArgumentException("not hex: " + abbreviate(slice));
            }
            out[o--] = (byte) ((high << 4) | low);
        }
        if (i == start) {
            int low = VALUES[text[i] & 0xff];
            if (low < 0) {
                throw new IllegalArgumentException("not hex: " + abbreviate(slice));
            }
            out[o] = (byte) low;
        }
        return out;
    }

    /** Decodes into exactly {@code length} bytes, left-padding with zeros; longer input is an error. */
    public static byte[] decodeFixed(CharSequence text, int length) {
        byte[] raw = decode(text);
        if (raw.length == length) {
            return raw;
        }
        if (raw.length > length) {
            throw new IllegalArgumentException("expected at most " + length + " bytes of hex, got " + raw.length
                    + ": " + abbreviate(text));
        }
        byte[] out = new byte[length];
        System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        return out;
    }

    public static boolean hasPrefix(CharSequence text) {
        return text.length() >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
    }

    private static int digit(CharSequence text, int index) {
        int value = digitValue(text.charAt(index));
        if (value < 0) {
            throw new IllegalArgumentException("not hex: " + abbreviate(text));
        }
        return value;
    }

    /** The value of one hex digit (either case), or -1 when {@code c} is not one. */
    public static int digitValue(int c) {
        return c >= 0 && c < VALUES.length ? VALUES[c] : -1;
    }

    static String abbreviate(CharSequence text) {
        String s = text.toString();
        return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 77) + "...\" (" + s.length() + " chars)";
    }
}
