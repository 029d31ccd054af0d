package io.cqt.refiner.evm.trace;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.util.Map;

/**
 * One account a transaction changed.
 *
 * @param pre       the account before the transaction
 * @param post      the account after it
 * @param created   made by CREATE/CREATE2 (or a creation transaction) in this transaction
 * @param preSlots  every slot the transaction read or wrote → its value before the transaction
 * @param postSlots the same slots → their values after it (zero where the account was deleted)
 */
public record AccountDiff(Address address, AccountSnapshot pre, AccountSnapshot post, boolean created,
                          Map<UInt256, UInt256> preSlots, Map<UInt256, UInt256> postSlots) {
    public AccountDiff {
        preSlots = Map.copyOf(preSlots);
        postSlots = Map.copyOf(postSlots);
    }
}
