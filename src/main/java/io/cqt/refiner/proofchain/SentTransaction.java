package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Hash;
import java.math.BigInteger;

/** One signed transaction handed to the node; {@code attempt} counts fee-bumped resubmissions of a nonce from 1. */
public record SentTransaction(Hash hash, long nonce, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas,
        int attempt) {
}
