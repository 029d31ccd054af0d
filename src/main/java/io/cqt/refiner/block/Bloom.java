package io.cqt.refiner.block;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A 2048-bit logs bloom (Yellow Paper 4.4.1), built up in place: each log's address and topics set three bits
 * each, chosen by the first three pairs of bytes of their keccak256 (low 11 bits, counted from the bloom's last
 * byte). A block's bloom is the OR of its receipts' blooms. Mutable and not thread-safe.
 */
public final class Bloom {
    public static final int SIZE = 256;

    private final byte[] bits = new byte[SIZE];
    private Keccak256 keccak;
    private byte[] digest;

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
        if (keccak == null) {
            keccak = new Keccak256();
            digest = new byte[32];
        }
        return set(positions(keccak, digest, value));
    }

    /** The three bit positions of a value, 11 bits each, packed low to high. */
    private static long positions(Keccak256 keccak, byte[] digest, byte[] value) {
        keccak.update(value, 0, value.length);
        keccak.digest(digest, 0);
        long packed = 0;
        for (int i = 0; i < 6; i += 2) {
            packed |= (long) ((((digest[i] & 0xff) << 8) | (digest[i + 1] & 0xff)) & 2047) << (11 * (i >> 1));
        }
        return packed;
    }

    private Bloom set(long positions) {
        for (int k = 0; k < 3; k++) {
            int bit = (int) (positions >>> (11 * k)) & 2047;
            bits[SIZE - 1 - (bit >>> 3)] |= (byte) (1 << (bit & 7));
        }
        return this;
    }

    /**
     * Builds the blooms of many receipts, hashing each distinct address and topic once: a block's logs repeat them
     * (a token's contract, the Transfer event's topic, a router's address). Not thread-safe.
     */
    public static final class Memo {
        private final Map<Object, Long> positions = new HashMap<>();
        private final Keccak256 keccak = new Keccak256();
        private final byte[] digest = new byte[32];

        public Bloom of(List<Receipt.Log> logs) {
            Bloom bloom = new Bloom();
            for (Receipt.Log log : logs) {
                bloom.set(positions(log.address(), log.address().array()));
                for (Hash topic : log.topics()) {
                    bloom.set(positions(topic, topic.array()));
                }
            }
            return bloom;
        }

        private long positions(Object key, byte[] value) {
            Long known = positions.get(key);
            if (known == null) {
                known = Bloom.positions(keccak, digest, value);
                positions.put(key, known);
            }
            return known;
        }
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
