package io.cqt.refiner.evm.state;

import java.util.function.Consumer;

/**
 * One account's storage slots by key (open addressing, linear probing over the slots themselves). Looking a slot up
 * by the four limbs of an operand-stack word makes no key object; a map keyed by {@code UInt256} made one per SLOAD
 * and SSTORE. Slots are never removed (a block's slots only accumulate). Not thread-safe.
 */
final class SlotTable {
    private static final int FIRST_CAPACITY = 4;
    private static final StorageSlot[] NONE = {};

    // Most accounts a block loads never touch storage: the array comes with the first slot.
    private StorageSlot[] slots = NONE;
    private int size;

    /** The slot with this key, or null. */
    StorageSlot get(long k3, long k2, long k1, long k0) {
        if (size == 0) {
            return null;
        }
        int mask = slots.length - 1;
        for (int i = index(k3, k2, k1, k0, mask); ; i = (i + 1) & mask) {
            StorageSlot s = slots[i];
            if (s == null || s.is(k3, k2, k1, k0)) {
                return s;
            }
        }
    }

    /** Adds a slot whose key is not in the table yet. */
    void add(StorageSlot slot) {
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(slot);
        size++;
    }

    void forEach(Consumer<StorageSlot> action) {
        for (StorageSlot s : slots) {
            if (s != null) {
                action.accept(s);
            }
        }
    }

    private void insert(StorageSlot slot) {
        int mask = slots.length - 1;
        int i = index(slot.k3, slot.k2, slot.k1, slot.k0, mask);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }

    private void grow() {
        StorageSlot[] old = slots;
        slots = new StorageSlot[Math.max(FIRST_CAPACITY, old.length * 2)];
        for (StorageSlot s : old) {
            if (s != null) {
                insert(s);
            }
        }
    }

    /** Slots are small counters (0, 1, 2 …) as often as Keccak hashes: every limb is mixed in. */
    private static int index(long k3, long k2, long k1, long k0, int mask) {
        long h = k0 * 0x9E3779B97F4A7C15L + k1 * 0xC2B2AE3D27D4EB4FL + k2 * 0x165667B19E3779F9L
                + k3 * 0x27D4EB2F165667C5L;
        h ^= h >>> 29;
        return (int) (h ^ h >>> 32) & mask;
    }
}
