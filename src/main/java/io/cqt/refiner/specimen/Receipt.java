package io.cqt.refiner.specimen;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import java.util.List;

/**
 * A receipt as the producer recorded it (present in some specimens only). {@code postStateOrStatus} is the raw
 * status bytes: empty for a failed transaction, {@code 01} for success.
 */
public record Receipt(
        Bytes postStateOrStatus,
        long cumulativeGasUsed,
        Hash txHash,
        Address contractAddress,
        List<Log> logs,
        long gasUsed) {

    public Receipt {
        logs = List.copyOf(logs);
    }

    /** A log entry with the positional fields the producer fills in (often zeros). */
    public record Log(
            Address address,
            List<Hash> topics,
            Bytes data,
            long blockNumber,
            Hash transactionHash,
            int transactionIndex,
            Hash blockHash,
            int logIndex,
            boolean removed) {

        public Log {
            topics = List.copyOf(topics);
        }
    }
}
