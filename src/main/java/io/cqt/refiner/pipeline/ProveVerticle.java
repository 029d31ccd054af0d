package io.cqt.refiner.pipeline;

import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.proofchain.JsonRpcClient;
import io.cqt.refiner.proofchain.ProofChainSessions;
import io.cqt.refiner.proofchain.SubmittedProof;
import io.cqt.refiner.proofchain.ProofOutcome;
import io.cqt.refiner.proofchain.ProofRequest;
import io.cqt.refiner.proofchain.ProofSubmitter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves pinned items on the BRP contract: {@code proving} with the transaction's hash is journaled before the
 * transaction is sent, and the revert classes decide the rest (proved or "already submitted" → commit; terminal →
 * commit when the chain holds our own proof of the specimen, else skip with the reason; a bug on our side → abort; fatal → proving stops, items stay queued, health turns bad;
 * anything else → the caller retries later). An item found in {@code proving} is first resolved by its
 * transaction's receipt, so it is never proved twice. Event loop: every call is async RPC.
 */
public final class ProveVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProveVerticle.class);

    private final JournalAccess journal;
    private final JsonRpcClient rpc;
    private final ProofSubmitter submitter;
    private final ProofChainSessions sessions;
    private String fatalReason;

    public ProveVerticle(JournalAccess journal, JsonRpcClient rpc, ProofSubmitter submitter,
            ProofChainSessions sessions) {
        this.journal = journal;
        this.rpc = rpc;
        this.submitter = submitter;
        this.sessions = sessions;
    }

    @Override
    public Future<?> start() {
        return Future.all(
                vertx.eventBus().<WorkMessage>consumer(Addresses.PROVE, this::prove).completion(),
                vertx.eventBus().consumer(Addresses.PROVE_HEALTH, message -> message.reply(new JsonObject()
                        .put("healthy", fatalReason == null)
                        .put("detail", fatalReason == null ? "proving" : "proving stopped: " + fatalReason)))
                        .completion());
    }

    private void prove(Message<WorkMessage> message) {
        String key = message.body().key();
        if (fatalReason != null) {
            message.fail(Failures.FATAL, "proving stopped: " + fatalReason);
            return;
        }
        journal.run(j -> j.get(key).orElseThrow(() -> new IllegalStateException("no work item " + key)))
                .compose(item -> switch (item.state()) {
                    case PINNED -> submit(item);
                    case PROVING -> resolve(item);
                    case COMMITTED, SKIPPED, ABORTED -> Future.succeededFuture(item);
                    default -> Future.failedFuture(new Failures.AbortException(
                            "item " + key + " is " + item.state().label() + ", not pinned"));
                })
                .onSuccess(item -> message.reply(item.state().label()))
                .onFailure(failure -> {
                    if (failure instanceof FatalProofException) {
                        message.fail(Failures.FATAL, failure.getMessage());
                    } else {
                        message.fail(Failures.isAbort(failure) ? Failures.ABORT : Failures.RETRY,
                                Failures.describe(failure));
                    }
                });
    }

    /** A proof sent before (maybe before a crash): its receipt, a transaction still pending, or a fresh try. */
    private Future<WorkItem> resolve(WorkItem item) {
        if (item.proofTxHash() == null) {
            return submit(item);
        }
        return rpc.getTransactionReceipt(item.proofTxHash()).compose(receipt -> {
            if (receipt != null && receipt.succeeded()) {
                LOG.info("{}: proof {} was mined in block {}", item.key(), receipt.transactionHash(),
                        receipt.blockNumber());
                return journal.run(j -> j.committed(item.key()));
            }
            if (receipt != null) {
                // Reverted: a fresh try gets the contract's classification ("already submitted" → commit).
                return submit(item);
            }
            return rpc.call("eth_getTransactionByHash", item.proofTxHash().toHex()).compose(tx -> tx != null
                    ? Future.failedFuture(new IllegalStateException("proof " + item.proofTxHash()
                            + " is still pending"))
                    // Dropped before it was mined: nothing landed from it, so proving again is safe.
                    : submit(item));
        });
    }

    private Future<WorkItem> submit(WorkItem item) {
        ProofRequest request = new ProofRequest(chainId(item.key()), item.blockHeight(), item.specimenHash(),
                item.resultHash(), "ipfs://" + item.resultCid());
        return submitter.submit(request, signed -> journal.run(j -> j.proving(item.key(), signed.hash())))
                .compose(outcome -> settle(item, outcome));
    }

    private Future<WorkItem> settle(WorkItem item, ProofOutcome outcome) {
        String key = item.key();
        return switch (outcome.disposition()) {
            case PROVED -> {
                LOG.info("{}: proved in {}", key, outcome.transaction());
                yield journal.run(j -> j.committed(key));
            }
            // Record the transaction that did prove it, when the chain shows it (best effort: the commit stands).
            case ALREADY_PROVED -> sessions.ownProof(chainId(key), item.blockHeight(), item.specimenHash())
                    .otherwise(failure -> Optional.empty())
                    .compose(own -> {
                        LOG.info("{}: already proved ({}){}", key, outcome.detail(),
                                own.map(p -> " in " + p.transactionHash()).orElse(""));
                        return journal.run(j -> own.isPresent()
                                ? j.committedOnChain(key, own.get().transactionHash()) : j.committed(key));
                    });
            // With a limit of 1, or at our limit, a proof of ours that already landed is refused as "too many" or
            // "closed" rather than "already submitted": the chain, not the text, says whether it is ours.
            case SKIP -> sessions.ownProof(chainId(key), item.blockHeight(), item.specimenHash())
                    .compose(own -> {
                        if (own.isPresent()) {
                            SubmittedProof proof = own.get();
                            if (!proof.resultHash().equals(item.resultHash())) {
                                LOG.warn("{}: our operator proved result {} for this specimen, not {} (another "
                                        + "instance with the same key, or another release's bytes)", key,
                                        proof.resultHash(), item.resultHash());
                            }
                            LOG.info("{}: our proof is on chain (transaction {}); the contract refused a second one "
                                    + "({})", key, proof.transactionHash(), outcome.detail());
                            return journal.run(j -> j.committedOnChain(key, proof.transactionHash()));
                        }
                        LOG.info("{}: skipped: {}", key, outcome.detail());
                        return journal.run(j -> j.skipped(key, "proof refused: " + outcome.detail()));
                    });
            case ABORT -> {
                LOG.error("{}: the contract refused our proof as malformed ({}): a bug, aborted", key,
                        outcome.detail());
                yield journal.run(j -> j.aborted(key, "proof refused: " + outcome.detail()));
            }
            case FATAL -> {
                fatalReason = outcome.detail();
                LOG.error("proving stopped: {}; items stay queued until the operator fixes it and restarts",
                        fatalReason);
                yield Future.failedFuture(new FatalProofException(fatalReason));
            }
            case RETRY -> Future.failedFuture(new IllegalStateException("proof not landed: " + outcome.detail()));
        };
    }

    /** The source chain id: the first field of the reference's key {@code chainId_height_blockHash_specimenHash}. */
    static long chainId(String key) {
        int end = key.indexOf('_');
        try {
            return Long.parseLong(end < 0 ? key : key.substring(0, end));
        } catch (NumberFormatException e) {
            throw new Failures.AbortException("work item key " + key + " does not start with a chain id");
        }
    }

    private static final class FatalProofException extends RuntimeException {
        FatalProofException(String message) {
            super(message);
        }
    }
}
