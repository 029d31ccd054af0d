package io.cqt.refiner.specimen;

import io.cqt.refiner.types.Address;

/** A beacon-chain withdrawal (Shanghai+); {@code amount} is in Gwei. */
public record Withdrawal(long index, long validatorIndex, Address address, long amount) {
}
