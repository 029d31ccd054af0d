package io.cqt.refiner.evm.tx;

import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/**
 * The outcome of one transaction. A rejected transaction ({@code rejection} non-null) changed nothing, unless its
 * {@code gasUsed} is positive: the reference evm-server's rejection after the gas was bought, which keeps the purchase.
 *
 * @param gasUsed gas charged to the sender after refunds and the EIP-7623 floor (for a rejection, gas bought and kept)
 * @param contractAddress the created contract for a successful creation, else null
 * @param shortfall for a rejection because the sender's balance is below the transaction's maximum cost, how much it
 *                  lacks (in wei); else null
 */
public record TxResult(String rejection, HaltReason halt, long gasUsed, List<Log> logs, byte[] output,
                       Address contractAddress, UInt256 shortfall) {
    public TxResult {
        logs = List.copyOf(logs);
    }

    TxResult(String rejection, HaltReason halt, long gasUsed, List<Log> logs, byte[] output, Address contractAddress) {
        this(rejection, halt, gasUsed, logs, output, contractAddress, null);
    }

    static TxResult rejected(String why) {
        return new TxResult(why, null, 0, List.of(), new byte[0], null);
    }

    static TxResult underfunded(String why, UInt256 shortfall) {
        return new TxResult(why, null, 0, List.of(), new byte[0], null, shortfall);
    }

    public boolean rejected() {
        return rejection != null;
    }

    /** True when the transaction was included and its execution succeeded (receipt status 1). */
    public boolean success() {
        return rejection == null && halt.success();
    }
}
