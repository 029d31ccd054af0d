package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Hash;

/**
 * The result of one attempt to prove a block result: the disposition, the revert reason or error behind it
 * (empty for {@link Disposition#PROVED}) and the mined transaction, if one was mined (else null).
 */
public record ProofOutcome(Disposition disposition, String detail, Hash transaction) {
}
