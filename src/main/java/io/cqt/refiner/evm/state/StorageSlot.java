package io.cqt.refiner.evm.state;

import io.cqt.refiner.types.UInt256;

/**
 * One storage slot of one account during a block. The key is held as its four limbs, most significant first, so
 * SLOAD and SSTORE can look the slot up straight from an operand-stack word. {@code value} is null until read from
 * the world (a slot only warmed by an access list is not read); {@code original} is the value at the start of
 * transaction {@code originalIn}, and the slot is warm (EIP-2929) in transaction {@code warmIn}.
 */
final class StorageSlot {
    final long k3;
    final long k2;
    final long k1;
    final long k0;
    UInt256 value;
    UInt256 original;
    int originalIn;
    int warmIn;

    StorageSlot(long k3, long k2, long k1, long k0) {
        this.k3 = k3;
        this.k2 = k2;
        this.k1 = k1;
        this.k0 = k0;
    }

    boolean is(long k3, long k2, long k1, long k0) {
        return this.k0 == k0 && this.k1 == k1 && this.k2 == k2 && this.k3 == k3;
    }

    /** The key as a word: made on each call, for the rare paths that need one (a world read, a report). */
    UInt256 key() {
        return new UInt256(k3, k2, k1, k0);
    }
}
