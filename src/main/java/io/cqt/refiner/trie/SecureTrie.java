package io.cqt.refiner.trie;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.types.Hash;

/**
 * A trie keyed by keccak256 of the key, as the world state (by address) and account storage (by slot) are. Hashing
 * keeps the trie balanced whatever the keys; the caller keeps the preimages if it needs them.
 */
public final class SecureTrie {
    private final MerklePatriciaTrie trie = new MerklePatriciaTrie();

    /** Sets {@code key} to {@code value}; an empty value removes it. */
    public void put(byte[] key, byte[] value) {
        trie.put(Keccak256.hash(key), value);
    }

    public void remove(byte[] key) {
        trie.remove(Keccak256.hash(key));
    }

    /** The value at {@code key}, or null. */
    public byte[] get(byte[] key) {
        return trie.get(Keccak256.hash(key));
    }

    public Hash root() {
        return trie.root();
    }
}
