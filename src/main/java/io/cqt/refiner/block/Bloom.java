package io.cqt.refiner.block;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import java.util.List;

/**
 * A 2048-bit logs bloom (Yellow Paper 4.4.1), built up in place: each log's address and topics set three bits
 * each, chosen by the first three pairs of bytes of their keccak256 (low 11 bits, counted from the bloom's last
 * byte). A block's bloom is the OR of its receipts' blooms. Mutable and not thread-safe.
 */
public final class Bloom {
    public static final int SIZE = 256;

    private final byte[] bits = new byte[SIZE];
    private final byte[] digest = new byte[32];
    private final Keccak256 keccak = new Keccak256();

    public static Bloom of(List<Receipt.Log> logs) {
        Bloom bloom = new Bloom();
        for (Receipt.Log log : logs) {
            bloom.add(log);
        }
        return bloom;
    }

    public Bloom add(Receipt.Log log) {
        add(log.address().array());
        for (Hash topic : log.topics()) {
            add(topic.array());
        }
        return this;
    }

    /** Sets the three bits of one value (an address or a topic). */
    public Bloom add(byte[] value) {
        keccak.update(value, 0, value.length);
        keccak.digest(digest, 0);
        for (int i = 0; i < 6; i += 2) {
            int bit = (((digest[i] & 0xff) << 8) | (digest[i + 1] & 0xff)) & 2047;
            bits[SIZE - 1 - (bit >>> 3)] |= (byte) (1 << (bit & 7));
        }
        return this;
    }

    public Bloom or(Bloom other) {
        return or(other.bits);
    }

    /** ORs in a 256-byte bloom. */
    public Bloom or(byte[] other) {
        if (other.length != SIZE) {
            throw new IllegalArgumentException("a bloom is 256 bytes, got " + other.length);
        }
        for (int i = 0; i < SIZE; i++) {
            bits[i] |= other[i];
        }
        return this;
    }

    /** The backing array, read-only; valid until the next change. */
    byte[] array() {
        return bits;
    }

    public Bytes toBytes() {
        return Bytes.wrap(bits.clone());
    }
}
