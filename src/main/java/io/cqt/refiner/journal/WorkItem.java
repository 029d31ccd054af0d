package io.cqt.refiner.journal;

import io.cqt.refiner.types.Hash;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One specimen's way through the pipeline, as the journal holds it.
 *
 * @param key          {@code "{chainId}_{blockHeight}_{blockHash hex}_{specimenHash hex}"}, as the reference keys it
 * @param blockHeight  the specimen's block on the source chain
 * @param specimenUrl  where the specimen is stored ({@code ipfs://<cid>}); null until known
 * @param reason       why the item was skipped or aborted, or the last transient failure; null when none
 * @param attempts     failed tries so far (transient failures and operator retries)
 * @param resultHash   SHA-256 of the result bytes, from {@code executed} on
 * @param resultCid    the result's CID, from {@code pinned} on
 * @param proofTxHash  the proof transaction, from {@code proving} on
 * @param lossy        set from {@code executed} on when the result was let through by the loss policy: it differs
 *                     from the header only where the specimen's known loss explains it (the loss in words); null
 *                     for a verified result
 * @param compatProfile the reference release whose result bytes were made ({@code evm-server-1.3}), from
 *                     {@code executed} on; null before, and for items journaled before profiles existed
 * @param outputs      the CIDs of the outputs pinned beside the result, by rule name ({@code call-traces → CID}),
 *                     from {@code pinned} on; empty when only the block result was made, and for older items
 */
public record WorkItem(
        String key,
        long blockHeight,
        Hash specimenHash,
        String specimenUrl,
        WorkState state,
        String reason,
        int attempts,
        Hash resultHash,
        String resultCid,
        Hash proofTxHash,
        String lossy,
        String compatProfile,
        Map<String, String> outputs,
        Instant createdAt,
        Instant updatedAt) {

    public WorkItem {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a work item needs a key");
        }
        if (state == null || createdAt == null || updatedAt == null) {
            throw new IllegalArgumentException("work item " + key + " needs a state and timestamps");
        }
        // Sorted, so that the stored form and the journal's listing do not depend on the order rules ran in.
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(outputs));
    }

    public boolean isFinished() {
        return state.isTerminal();
    }

    WorkItem moved(WorkState next, String newReason, Instant now) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, next, newReason, attempts, resultHash,
                resultCid, proofTxHash, lossy, compatProfile, outputs, createdAt, now);
    }

    WorkItem withResultHash(Hash hash) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, state, reason, attempts, hash, resultCid,
                proofTxHash, lossy, compatProfile, outputs, createdAt, updatedAt);
    }

    WorkItem withResultCid(String cid) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, state, reason, attempts, resultHash, cid,
                proofTxHash, lossy, compatProfile, outputs, createdAt, updatedAt);
    }

    WorkItem withProofTxHash(Hash txHash) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, state, reason, attempts, resultHash,
                resultCid, txHash, lossy, compatProfile, outputs, createdAt, updatedAt);
    }

    WorkItem withSpecimenUrl(String url) {
        return new WorkItem(key, blockHeight, specimenHash, url, state, reason, attempts, resultHash, resultCid,
                proofTxHash, lossy, compatProfile, outputs, createdAt, updatedAt);
    }

    WorkItem withLossy(String loss) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, state, reason, attempts, resultHash, resultCid,
                proofTxHash, loss, compatProfile, outputs, createdAt, updatedAt);
    }

    WorkItem withBlockHeight(long height) {
        return new WorkItem(key, height, specimenHash, specimenUrl, state, reason, attempts, resultHash, resultCid,
                proofTxHash, lossy, compatProfile, outputs, createdAt, updatedAt);
    }

    WorkItem withCompatProfile(String profile) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, state, reason, attempts, resultHash, resultCid,
                proofTxHash, lossy, profile, outputs, createdAt, updatedAt);
    }

    WorkItem withOutputs(Map<String, String> cids) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, state, reason, attempts, resultHash, resultCid,
                proofTxHash, lossy, compatProfile, cids, createdAt, updatedAt);
    }

    WorkItem failedAttempt(String why, Instant now) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, state, why, attempts + 1, resultHash,
                resultCid, proofTxHash, lossy, compatProfile, outputs, createdAt, now);
    }

    /** Back to the start for an operator's retry: the derived fields go, the history (attempts, created) stays. */
    WorkItem restarted(Instant now) {
        return new WorkItem(key, blockHeight, specimenHash, specimenUrl, WorkState.DISCOVERED, null, attempts + 1,
                null, null, null, null, null, null, createdAt, now);
    }
}
