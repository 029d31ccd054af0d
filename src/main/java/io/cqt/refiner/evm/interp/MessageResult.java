package io.cqt.refiner.evm.interp;

import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.types.Address;

/**
 * How a top-level message ended.
 *
 * @param gasLeft unused gas (zero after an exceptional halt)
 * @param output return or revert data
 * @param created the new contract's address for a successful creation, else null
 */
public record MessageResult(HaltReason reason, long gasLeft, byte[] output, Address created) {
    public boolean success() {
        return reason.success();
    }
}
