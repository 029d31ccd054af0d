package io.cqt.refiner.types;

import java.util.Arrays;

/** A 32-byte value: a Keccak or SHA-256 digest, a trie root, a storage key or a storage value. */
public final class Hash implements Comparable<Hash> {
    public static final int SIZE = 32;
    public static final Hash ZERO = new Hash(new byte[SIZE]);

    private final byte[] bytes;
    private final int hash;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static Hash wrap(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length);
        }
        return new Hash(bytes);
    }

    /** Parses {@code 0x}-prefixed (or bare) hex of exactly 64 digits. */
    public static Hash fromHex(CharSequence hex) {
        int digits = hex.length() - (Hex.hasPrefix(hex) ? 2 : 0);
        if (digits != 2 * SIZE) {
            throw new IllegalArgumentException("a hash is 64 hex digits: " + Hex.abbreviate(hex));
        }
        return new Hash(Hex.decode(hex));
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    /** The backing array, read-only. */
    public byte[] array() {
        return bytes;
    }

    public boolean isZero() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
