package io.cqt.refiner.types;

import java.util.Arrays;

/** A 20-byte account address; written lower-case and unchecksummed, as the specimens and the evm-server do. */
public final class Address implements Comparable<Address> {
    public static final int SIZE = 20;
    public static final Address ZERO = new Address(new byte[SIZE]);

    private final byte[] bytes;
    private final int hash;

    private Address(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static Address wrap(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("an address is 20 bytes, got " + bytes.length);
        }
        return new Address(bytes);
    }

    /** Parses {@code 0x}-prefixed (or bare) hex of exactly 40 digits. */
    public static Address fromHex(CharSequence hex) {
        int digits = hex.length() - (Hex.hasPrefix(hex) ? 2 : 0);
        if (digits != 2 * SIZE) {
            throw new IllegalArgumentException("an address is 40 hex digits: " + Hex.abbreviate(hex));
        }
        return new Address(Hex.decode(hex));
    }

    /** The low 20 bytes of a 32-byte word, as the EVM turns a stack item into an address. */
    public static Address fromWord(byte[] word32) {
        return new Address(Arrays.copyOfRange(word32, 12, 32));
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    /** The backing array, read-only. */
    public byte[] array() {
        return bytes;
    }

    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Address o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
