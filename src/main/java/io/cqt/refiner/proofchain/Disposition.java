package io.cqt.refiner.proofchain;

/** What the refiner does with a work item after trying to prove it (docs/proof-chain.md, revert table). */
public enum Disposition {
    /** The proof landed in this attempt. */
    PROVED,
    /** An earlier attempt landed ("Operator already submitted ..."): success, idempotently. */
    ALREADY_PROVED,
    /** A bug on our side (invalid hash or URL): abort the item and alert. */
    ABORT,
    /** The operator or configuration cannot prove at all: stop proving, keep items queued. */
    FATAL,
    /** Too late, too many or a height that is not sampled: skip the item for good. */
    SKIP,
    /** Anything else, including RPC and network errors: retry with backoff. */
    RETRY
}
