package io.cqt.refiner.trie;

import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.types.Hash;
import java.util.List;

/**
 * The root of a list stored in a trie under the keys {@code rlp(index)}: a block's transactions, receipts and
 * withdrawals. The keys' byte order is known in advance (indices 1..127 are the single bytes 0x01..0x7f, index 0 is
 * 0x80, from 128 on the keys start 0x81, 0x82, ... and ascend with the index), so no sorting or node building is
 * needed.
 */
public final class OrderedTrie {
    private OrderedTrie() {
    }

    /** @param items the list's values (encoded transactions, receipts, withdrawals), none empty */
    public static Hash root(List<byte[]> items) {
        int n = items.size();
        byte[][] keys = new byte[n][];
        byte[][] values = new byte[n][];
        RlpWriter writer = new RlpWriter(16);
        int slot = 0;
        for (int index = 1; index < Math.min(n, 128); index++) {
            keys[slot] = writer.reset().writeLong(index).toByteArray();
            values[slot++] = items.get(index);
        }
        if (n > 0) {
            keys[slot] = writer.reset().writeLong(0).toByteArray();
            values[slot++] = items.get(0);
        }
        for (int index = 128; index < n; index++) {
            keys[slot] = writer.reset().writeLong(index).toByteArray();
            values[slot++] = items.get(index);
        }
        return SortedTrieBuilder.root(keys, values);
    }
}
