package io.cqt.refiner.evm.block;

import io.cqt.refiner.types.Hash;

/**
 * A re-execution checked against the block's header (and the producer's receipts where the specimen carries them).
 *
 * @param verified             the receipts root, gas used and logs bloom (from Shanghai the withdrawals root, from
 *                             Prague the requests hash) all equal the header's
 * @param gasUsed              the block gas the re-execution used
 * @param firstMismatch        the first receipt or header field that differs, null when verified
 * @param lossy                every known loss of the specimen in words (reconstructed or not), null when none
 * @param exactThrough         how many leading receipts are confirmed: every one when the receipts agree; before an
 *                             unrecoverable loss, those that equal the producer's receipts
 * @param explainedByLoss      not verified, but the first difference is at or after an unrecoverable loss (and the
 *                             producer receipts, where present, agree in status and logs elsewhere)
 */
public record Verification(boolean verified, Hash computedReceiptsRoot, Hash headerReceiptsRoot, long gasUsed,
                           long headerGasUsed, FirstMismatch firstMismatch, String lossy, int exactThrough,
                           boolean explainedByLoss) {

    /** Verified, or short of it only where the specimen's own loss says it must be. */
    public boolean acceptable() {
        return verified || explainedByLoss;
    }
}
