package io.cqt.refiner.evm.state;

import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;

/**
 * An account's fields besides storage. {@code nonce} is unsigned 64-bit; {@code hasStorage} says whether its storage
 * root is not the empty root (EIP-7610 treats such an address as taken).
 */
public record AccountInfo(long nonce, UInt256 balance, Hash codeHash, boolean hasStorage) {
}
