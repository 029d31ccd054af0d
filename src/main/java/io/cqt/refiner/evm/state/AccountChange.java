package io.cqt.refiner.evm.state;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.Map;

/**
 * An account as the block left it, for building the post-state: either deleted ({@code exists} false) or its
 * fields. {@code storage} holds every slot written or read; when {@code storageCleared} is set, the pre-state's other
 * slots are gone (the account was destroyed or re-created), otherwise they still stand. Zero values mean "absent".
 */
public record AccountChange(Address address, boolean exists, long nonce, UInt256 balance, Hash codeHash,
                            byte[] code, boolean storageCleared, Map<UInt256, UInt256> storage) {
}
