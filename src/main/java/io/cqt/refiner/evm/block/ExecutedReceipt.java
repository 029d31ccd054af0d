package io.cqt.refiner.evm.block;

import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.types.Address;
import java.util.List;

/**
 * The receipt of one included transaction as the executor computed it.
 *
 * @param transactionIndex the transaction's index in the block (a dropped transaction leaves a gap)
 * @param logs             with block-wide {@code logIndex}, {@code blockNumber} and {@code transactionIndex} set;
 *                         transaction and block hashes are left zero (the result writers fill in their own)
 * @param contractAddress  the created contract, or null
 */
public record ExecutedReceipt(int transactionIndex, int type, boolean success, long cumulativeGasUsed, long gasUsed,
                              List<Receipt.Log> logs, Address contractAddress) {
    public ExecutedReceipt {
        logs = List.copyOf(logs);
    }
}
