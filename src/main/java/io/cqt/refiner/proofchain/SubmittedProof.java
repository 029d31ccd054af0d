package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Hash;

/**
 * A {@code BlockResultProductionProofSubmitted} event: one operator's proof landed (the operator is the sender of
 * {@code transactionHash}, mined in {@code proofChainBlock}).
 */
public record SubmittedProof(long chainId, long blockHeight, Hash specimenHash, Hash resultHash, String storageUrl,
        long proofChainBlock, Hash transactionHash) {
}
