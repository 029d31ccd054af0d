package io.cqt.refiner.trie;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.Arrays;
import java.util.Map;

/**
 * World-state and storage roots computed in bulk from complete maps: the storage trie maps keccak(slot) to
 * rlp(value as minimal big-endian bytes), zero values absent; the state trie maps keccak(address) to
 * rlp([nonce, balance, storageRoot, codeHash]).
 */
public final class StateRoot {
    private StateRoot() {
    }

    /** An account as the state trie stores it; {@code nonce} is unsigned 64-bit (EIP-2681 allows 2^64 - 1). */
    public record Account(long nonce, UInt256 balance, Hash storageRoot, Hash codeHash) {
        /** An account with no storage and no code. */
        public static Account of(long nonce, UInt256 balance) {
            return new Account(nonce, balance, MerklePatriciaTrie.EMPTY_ROOT, Keccak256.EMPTY);
        }

        public Account withStorageRoot(Hash root) {
            return new Account(nonce, balance, root, codeHash);
        }
    }

    /** The storage root of one account's slots; zero values are skipped. */
    public static Hash storageRoot(Map<Hash, UInt256> slots) {
        byte[][] keys = new byte[slots.size()][];
        byte[][] values = new byte[slots.size()][];
        RlpWriter writer = new RlpWriter(40);
        int n = 0;
        for (Map.Entry<Hash, UInt256> slot : slots.entrySet()) {
            if (slot.getValue().isZero()) {
                continue;
            }
            keys[n] = Keccak256.hash(slot.getKey().array());
            values[n++] = writer.reset().writeUInt256(slot.getValue()).toByteArray();
        }
        return sortedRoot(keys, values, n);
    }

    /** The state root of {@code accounts}, each with the storage root it carries. */
    public static Hash stateRoot(Map<Address, Account> accounts) {
        return stateRoot(accounts, Map.of());
    }

    /**
     * The state root of {@code accounts}; an account with an entry in {@code storage} gets the root of those slots
     * instead of the storage root it carries.
     */
    public static Hash stateRoot(Map<Address, Account> accounts, Map<Address, ? extends Map<Hash, UInt256>> storage) {
        byte[][] keys = new byte[accounts.size()][];
        byte[][] values = new byte[accounts.size()][];
        RlpWriter writer = new RlpWriter(112);
        int n = 0;
        for (Map.Entry<Address, Account> entry : accounts.entrySet()) {
            Account account = entry.getValue();
            Map<Hash, UInt256> slots = storage.get(entry.getKey());
            Hash storageRoot = slots == null ? account.storageRoot() : storageRoot(slots);
            keys[n] = Keccak256.hash(entry.getKey().array());
            values[n++] = writer.reset().startList()
                    .writeLong(account.nonce())
                    .writeUInt256(account.balance())
                    .writeHash(storageRoot)
                    .writeHash(account.codeHash())
                    .endList()
                    .toByteArray();
        }
        return sortedRoot(keys, values, n);
    }

    /** Sorts the first {@code n} (key, value) pairs by key and builds their root. */
    private static Hash sortedRoot(byte[][] keys, byte[][] values, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        byte[][] sortedKeys = new byte[n][];
        byte[][] sortedValues = new byte[n][];
        for (int i = 0; i < n; i++) {
            sortedKeys[i] = keys[order[i]];
            sortedValues[i] = values[order[i]];
        }
        return SortedTrieBuilder.root(sortedKeys, sortedValues);
    }
}
