package io.cqt.refiner.trie;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.types.Hash;
import java.util.Arrays;

/**
 * Computes a trie root straight from keys in ascending order, without building nodes: each range of keys sharing a
 * prefix is one subtree, encoded bottom-up and dropped once its parent has its reference. This is the bulk path
 * for tries built once and never updated (state, storage, receipts, transactions, withdrawals).
 */
final class SortedTrieBuilder {
    private static final byte[] EMPTY = new byte[0];

    private final byte[][] keys;
    private final byte[][] values;
    private final RlpWriter writer = new RlpWriter();

    private SortedTrieBuilder(byte[][] keys, byte[][] values) {
        this.keys = keys;
        this.values = values;
    }

    /**
     * The root of the trie holding {@code values[i]} at {@code keys[i]}.
     *
     * @throws IllegalArgumentException unless the keys are strictly ascending (unsigned) and every value non-empty
     */
    static Hash root(byte[][] keys, byte[][] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys but " + values.length + " values");
        }
        for (int i = 0; i < keys.length; i++) {
            if (values[i].length == 0) {
                throw new IllegalArgumentException("empty value at key " + i + " (an absent key has no entry)");
            }
            if (i > 0 && Arrays.compareUnsigned(keys[i - 1], keys[i]) >= 0) {
                throw new IllegalArgumentException("key " + i + " is not above key " + (i - 1)
                        + ": keys must be strictly ascending");
            }
        }
        if (keys.length == 0) {
            return MerklePatriciaTrie.EMPTY_ROOT;
        }
        return Hash.wrap(Keccak256.hash(new SortedTrieBuilder(keys, values).encode(0, keys.length, 0)));
    }

    /** The encoding of the subtree holding keys {@code [lo, hi)}, which share their first {@code depth} nibbles. */
    private byte[] encode(int lo, int hi, int depth) {
        if (hi - lo == 1) {
            byte[] key = keys[lo];
            writer.reset().startList()
                    .writeBytes(CompactEncoding.encodeKeyRange(key, depth, 2 * key.length, true))
                    .writeBytes(values[lo])
                    .endList();
            return writer.toByteArray();
        }
        // Sorted keys: what the first and last share, all share.
        int common = commonNibbles(keys[lo], keys[hi - 1], depth);
        if (common > 0) {
            byte[] child = encode(lo, hi, depth + common);
            writer.reset().startList()
                    .writeBytes(CompactEncoding.encodeKeyRange(keys[lo], depth, depth + common, false));
            writeReference(child);
            return writer.endList().toByteArray();
        }
        byte[] value = EMPTY;
        if (2 * keys[lo].length == depth) {
            value = values[lo++];
        }
        byte[][] children = new byte[16][];
        for (int i = lo; i < hi; ) {
            int nibble = CompactEncoding.nibble(keys[i], depth);
            int j = i + 1;
            while (j < hi && CompactEncoding.nibble(keys[j], depth) == nibble) {
                j++;
            }
            children[nibble] = encode(i, j, depth + 1);
            i = j;
        }
        writer.reset().startList();
        for (byte[] child : children) {
            if (child == null) {
                writer.writeBytes(EMPTY);
            } else {
                writeReference(child);
            }
        }
        return writer.writeBytes(value).endList().toByteArray();
    }

    private void writeReference(byte[] childEncoding) {
        if (childEncoding.length < NodeEncoder.INLINE_LIMIT) {
            writer.writeRaw(childEncoding);
        } else {
            writer.writeBytes(Keccak256.hash(childEncoding));
        }
    }

    private static int commonNibbles(byte[] a, byte[] b, int from) {
        int max = 2 * Math.min(a.length, b.length);
        int i = from;
        while (i < max && CompactEncoding.nibble(a, i) == CompactEncoding.nibble(b, i)) {
            i++;
        }
        return i - from;
    }
}
