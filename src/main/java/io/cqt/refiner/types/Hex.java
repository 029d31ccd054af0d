package io.cqt.refiner.types;

/** Lower-case hexadecimal with the {@code 0x} prefix, the way Ethereum JSON writes it. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** {@code 0x} followed by two digits per byte. */
    public static String encode(byte[] bytes) {
        return encode(bytes, 0, bytes.length);
    }

    public static String encode(byte[] bytes, int offset, int length) {
        char[] out = new char[2 + 2 * length];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 + 2 * i] = DIGITS[b >>> 4];
            out[3 + 2 * i] = DIGITS[b & 0xf];
        }
        return new String(out);
    }

    /**
     * Decodes hex with or without {@code 0x}; an odd number of digits gets a leading zero.
     *
     * @throws IllegalArgumentException naming the offending text when it is not hex
     */
    public static byte[] decode(CharSequence text) {
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
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    static String abbreviate(CharSequence text) {
        String s = text.toString();
        return s.length() <= 80 ? '"' + s + '"' : '"' + s.substring(0, 77) + "...\" (" + s.length() + " chars)";
    }
}
