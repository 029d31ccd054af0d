package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Hash;

/** The arguments of {@code submitBlockResultProof}: a result (sha256 {@code resultHash}) stored at {@code storageUrl}. */
public record ProofRequest(long chainId, long blockHeight, Hash specimenHash, Hash resultHash, String storageUrl) {
}
