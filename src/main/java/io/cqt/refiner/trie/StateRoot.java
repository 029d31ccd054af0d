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
        Leaves leaves = new Leaves(slots.size(), 40);
        for (Map.Entry<Hash, UInt256> slot : slots.entrySet()) {
            leaves.addSlot(slot.getKey().array(), slot.getValue());
        }
        return leaves.root();
    }

    /**
     * The storage root of {@code before} with {@code written} over it ({@code before} dropped when {@code cleared}),
     * slots keyed by number; zero values are skipped. Spares a caller merging the two into a new map.
     */
    public static Hash storageRoot(Map<UInt256, UInt256> before, Map<UInt256, UInt256> written, boolean cleared) {
        Leaves leaves = new Leaves((cleared ? 0 : before.size()) + written.size(), 40);
        if (!cleared) {
            for (Map.Entry<UInt256, UInt256> slot : before.entrySet()) {
                if (!written.containsKey(slot.getKey())) {
                    leaves.addSlot(slot.getKey().toBytes32(), slot.getValue());
                }
            }
        }
        for (Map.Entry<UInt256, UInt256> slot : written.entrySet()) {
            leaves.addSlot(slot.getKey().toBytes32(), slot.getValue());
        }
        return leaves.root();
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
        Leaves leaves = new Leaves(accounts.size(), 112);
        for (Map.Entry<Address, Account> entry : accounts.entrySet()) {
            Account account = entry.getValue();
            Map<Hash, UInt256> slots = storage.get(entry.getKey());
            Hash storageRoot = slots == null ? account.storageRoot() : storageRoot(slots);
            leaves.writer.reset().startList()
                    .writeLong(account.nonce())
                    .writeUInt256(account.balance())
                    .writeHash(storageRoot)
                    .writeHash(account.codeHash())
                    .endList();
            leaves.add(Keccak256.hash(entry.getKey().array()));
        }
        return leaves.root();
    }

    /** A secure trie's leaves as they are gathered: hashed keys, encoded values, then sorted into a root. */
    private static final class Leaves {
        final RlpWriter writer;
        private final byte[][] keys;
        private final byte[][] values;
        private int n;

        Leaves(int capacity, int valueSize) {
            if (capacity > INDEX_MASK) {
                throw new IllegalArgumentException(capacity + " leaves: at most " + INDEX_MASK + " fit one trie here");
            }
            keys = new byte[capacity][];
            values = new byte[capacity][];
            writer = new RlpWriter(valueSize);
        }

        /** A storage slot: keccak(slot) to rlp(value); nothing for zero. */
        void addSlot(byte[] slot, UInt256 value) {
            if (!value.isZero()) {
                writer.reset().writeUInt256(value);
                add(Keccak256.hash(slot));
            }
        }

        /** The value the writer holds, at {@code hashedKey}. */
        void add(byte[] hashedKey) {
            keys[n] = hashedKey;
            values[n++] = writer.toByteArray();
        }

        Hash root() {
            if (n == 0) {
                return MerklePatriciaTrie.EMPTY_ROOT;
            }
            long[] order = sortedOrder();
            byte[][] sortedKeys = new byte[n][];
            byte[][] sortedValues = new byte[n][];
            for (int i = 0; i < n; i++) {
                int at = (int) (order[i] & INDEX_MASK);
                sortedKeys[i] = keys[at];
                sortedValues[i] = values[at];
            }
            return SortedTrieBuilder.root(sortedKeys, sortedValues);
        }

        /**
         * Indexes in key order, each in the low bits of a long led by its key's first bytes: hashed keys nearly
         * never share those, so a primitive sort orders them; where two do, the full keys decide.
         */
        private long[] sortedOrder() {
            long[] order = new long[n];
            for (int i = 0; i < n; i++) {
                order[i] = (prefix(keys[i]) & ~INDEX_MASK) | i;
            }
            Arrays.sort(order); // signed: flip the top bit so unsigned order holds
            for (int i = 1; i < n; i++) {
                if ((order[i - 1] & ~INDEX_MASK) == (order[i] & ~INDEX_MASK)) {
                    Long[] boxed = new Long[n];
                    for (int k = 0; k < n; k++) {
                        boxed[k] = order[k];
                    }
                    Arrays.sort(boxed, (a, b) -> Arrays.compareUnsigned(keys[(int) (a & INDEX_MASK)],
                            keys[(int) (b & INDEX_MASK)]));
                    for (int k = 0; k < n; k++) {
                        order[k] = boxed[k];
                    }
                    break;
                }
            }
            return order;
        }
    }

    private static final int INDEX_BITS = 24;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    /** The key's first eight bytes, big-endian, with the sign bit flipped so signed order is unsigned order. */
    private static long prefix(byte[] key) {
        long p = 0;
        for (int i = 0; i < 8; i++) {
            p = (p << 8) | (i < key.length ? key[i] & 0xffL : 0);
        }
        return p ^ Long.MIN_VALUE;
    }
}
