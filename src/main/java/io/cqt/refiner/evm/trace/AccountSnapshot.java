package io.cqt.refiner.evm.trace;

import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;

/**
 * An account's fields at one moment.
 *
 * @param code the code bytes, or null when the specimen does not hold the code with this hash
 */
public record AccountSnapshot(boolean exists, long nonce, UInt256 balance, Hash codeHash, byte[] code) {
}
