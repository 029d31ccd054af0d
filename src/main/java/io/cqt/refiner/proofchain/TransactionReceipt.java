package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Hash;

/** The parts of a receipt the refiner uses. */
public record TransactionReceipt(Hash transactionHash, long blockNumber, boolean succeeded, long gasUsed) {
}
