package io.cqt.refiner.trie;

/**
 * Hex-prefix ("compact") encoding of a nibble path, Yellow Paper appendix C: the first nibble is a flag (2 for a
 * leaf, plus 1 when the path has an odd length), an odd path's first nibble shares the first byte, an even path is
 * preceded by a zero nibble.
 */
public final class CompactEncoding {
    private CompactEncoding() {
    }

    /** A decoded path: one nibble (0–15) per byte. */
    public record Path(byte[] nibbles, boolean leaf) {
    }

    /** Encodes {@code nibbles[from, to)}, one nibble per byte. */
    public static byte[] encode(byte[] nibbles, int from, int to, boolean leaf) {
        int length = to - from;
        boolean odd = (length & 1) == 1;
        byte[] out = new byte[length / 2 + 1];
        int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
        int n = from;
        if (odd) {
            out[0] = (byte) ((flag << 4) | nibbles[n++]);
        } else {
            out[0] = (byte) (flag << 4);
        }
        for (int o = 1; o < out.length; o++, n += 2) {
            out[o] = (byte) ((nibbles[n] << 4) | nibbles[n + 1]);
        }
        return out;
    }

    /** Encodes nibbles {@code [fromNibble, toNibble)} of a packed key (two nibbles per byte, high first). */
    public static byte[] encodeKeyRange(byte[] key, int fromNibble, int toNibble, boolean leaf) {
        int length = toNibble - fromNibble;
        boolean odd = (length & 1) == 1;
        byte[] out = new byte[length / 2 + 1];
        int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
        int n = fromNibble;
        out[0] = (byte) (odd ? (flag << 4) | nibble(key, n++) : flag << 4);
        if ((n & 1) == 0) {
            System.arraycopy(key, n >> 1, out, 1, out.length - 1);
        } else {
            for (int o = 1; o < out.length; o++, n += 2) {
                out[o] = (byte) ((nibble(key, n) << 4) | nibble(key, n + 1));
            }
        }
        return out;
    }

    /** Nibble {@code index} of a packed key. */
    static int nibble(byte[] key, int index) {
        int b = key[index >> 1] & 0xff;
        return (index & 1) == 0 ? b >>> 4 : b & 0x0f;
    }

    /**
     * Decodes a hex-prefix encoded path.
     *
     * @throws IllegalArgumentException when the flag nibble is not 0–3 or an even path's padding nibble is not zero
     */
    public static Path decode(byte[] encoded) {
        if (encoded.length == 0) {
            throw new IllegalArgumentException("empty hex-prefix path");
        }
        int flag = (encoded[0] & 0xff) >>> 4;
        if (flag > 3) {
            throw new IllegalArgumentException("hex-prefix flag nibble " + flag + " is not 0-3");
        }
        boolean odd = (flag & 1) == 1;
        if (!odd && (encoded[0] & 0x0f) != 0) {
            throw new IllegalArgumentException("hex-prefix padding nibble of an even path is not zero");
        }
        byte[] nibbles = new byte[2 * (encoded.length - 1) + (odd ? 1 : 0)];
        int n = 0;
        if (odd) {
            nibbles[n++] = (byte) (encoded[0] & 0x0f);
        }
        for (int i = 1; i < encoded.length; i++) {
            nibbles[n++] = (byte) ((encoded[i] & 0xff) >>> 4);
            nibbles[n++] = (byte) (encoded[i] & 0x0f);
        }
        return new Path(nibbles, flag >= 2);
    }

    /** One nibble per byte, high nibble first. */
    public static byte[] toNibbles(byte[] key) {
        byte[] nibbles = new byte[2 * key.length];
        for (int i = 0; i < key.length; i++) {
            nibbles[2 * i] = (byte) ((key[i] & 0xff) >>> 4);
            nibbles[2 * i + 1] = (byte) (key[i] & 0x0f);
        }
        return nibbles;
    }
}
