package io.cqt.refiner.ipfs;

/** RFC 4648 base32, lower-case alphabet, no padding: the alphabet of multibase {@code b}. */
final class Base32 {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int[] VALUES = new int[128];

    static {
        java.util.Arrays.fill(VALUES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = i;
            VALUES[Character.toUpperCase(ALPHABET[i])] = i;
        }
    }

    private Base32() {
    }

    static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out.append(ALPHABET[(buffer >>> bits) & 31]);
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    /** Decodes unpadded base32 (either case); throws {@link IllegalArgumentException} naming the bad character. */
    static byte[] decode(CharSequence text) {
        int length = text.length();
        byte[] out = new byte[length * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            int value = c < 128 ? VALUES[c] : -1;
            if (value < 0) {
                throw new IllegalArgumentException("invalid base32 character '" + c + "' at position " + i);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[index++] = (byte) (buffer >>> bits);
            }
        }
        // Leftover bits must be zero padding, or the text was not produced by an encoder.
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("invalid base32 length or trailing bits in '" + text + "'");
        }
        return out;
    }
}
