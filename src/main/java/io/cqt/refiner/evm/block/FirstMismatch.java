package io.cqt.refiner.evm.block;

/**
 * The first place a re-execution differs from what the producer or the header recorded.
 *
 * @param transactionIndex the transaction whose receipt differs, or -1 for a block-level field
 * @param field            what differs ("status", "cumulativeGasUsed", "logs", "receiptsRoot", "rejected", ...)
 */
public record FirstMismatch(int transactionIndex, String field, String expected, String actual) {
    @Override
    public String toString() {
        return (transactionIndex < 0 ? "block" : "tx " + transactionIndex) + " " + field + ": expected " + expected
                + ", got " + actual;
    }
}
