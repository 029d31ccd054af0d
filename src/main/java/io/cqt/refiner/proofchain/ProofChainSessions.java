package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What the BRP contract says about one operator's chance to prove a height, read the way the production contract
 * decides it (docs/proof-chain.md, session life cycle): the chain's sampling and live-sync window from
 * {@code getChainData}/{@code getMetadata} (cached, re-read after {@code refreshMillis}), {@code isSessionOpen},
 * and, when that answers false, whether the operator's own proof is already on chain. The last is decided from
 * the chain, never from a revert text: the {@code SessionStarted} event of the height (searched where the window
 * let a session open) bounds a search for a {@code BlockResultProductionProofSubmitted} event of the same chain,
 * height and specimen hash whose transaction the operator sent. One instance per Vert.x context.
 */
public final class ProofChainSessions {
    private final JsonRpcClient rpc;
    private final Address brpContract;
    private final Address operator;
    private final long refreshMillis;
    private final int blockBatch;
    private final LongSupplier clock;
    private final ProofChainReader reader;
    private final Map<Long, Cached> chains = new HashMap<>();

    /** @param blockBatch the widest block range of one {@code eth_getLogs} call */
    public ProofChainSessions(JsonRpcClient rpc, Address brpContract, Address operator, long refreshMillis,
            int blockBatch, LongSupplier clock) {
        this.rpc = rpc;
        this.brpContract = brpContract;
        this.operator = operator;
        this.refreshMillis = refreshMillis;
        this.blockBatch = Math.max(1, blockBatch);
        this.clock = clock;
        this.reader = new ProofChainReader(rpc, Address.ZERO, brpContract); // the BRP side only
    }

    /** A chain's settings and the contract's, as last read. */
    public record ChainState(ChainData chain, BrpMetadata metadata) {
    }

    /** What to do with an item before any work is spent on it. */
    public record Admission(Verdict verdict, String reason, SubmittedProof proof) {
        static Admission proceed() {
            return new Admission(Verdict.PROCEED, "", null);
        }
    }

    public enum Verdict {
        /** The operator can still prove the height: do the work. */
        PROCEED,
        /** Our proof of this specimen is already on chain ({@link Admission#proof()}): commit, send nothing. */
        PROVED,
        /** The height can no longer be proved by this operator, or is not sampled ({@link Admission#reason()}). */
        NOT_SAMPLED,
        OUT_OF_WINDOW,
        SESSION_CLOSED
    }

    public Future<ChainState> chainState(long chainId) {
        Cached cached = chains.get(chainId);
        long now = clock.getAsLong();
        if (cached != null && now - cached.readAt < refreshMillis) {
            return cached.state;
        }
        Future<ChainState> read = rpc.call(Address.ZERO, brpContract, ProofChainAbi.encodeGetChainData(chainId),
                        "latest").map(ProofChainAbi::decodeChainData)
                .compose(chain -> rpc.call(Address.ZERO, brpContract, ProofChainAbi.encodeGetMetadata(), "latest")
                        .map(ProofChainAbi::decodeMetadata).map(metadata -> new ChainState(chain, metadata)));
        chains.put(chainId, new Cached(now, read));
        return read.onFailure(e -> chains.remove(chainId));
    }

    /**
     * Decides before fetching: a height the contract does not sample, or one whose session this operator can no
     * longer join (closed, at its limit, or never opened and now behind the live-sync window) is not worth the work;
     * a closed session that holds our own proof means the item is done.
     */
    public Future<Admission> beforeWork(long chainId, long blockHeight, Hash specimenHash) {
        return chainState(chainId).compose(state -> {
            if (state.chain().registered() && !state.chain().samples(blockHeight)) {
                return Future.succeededFuture(new Admission(Verdict.NOT_SAMPLED, "height " + blockHeight
                        + " is not sampled by the proof chain (nthBlock " + state.chain().nthBlock() + ")", null));
            }
            return reader.isSessionOpen(chainId, blockHeight, operator).compose(open -> open
                    ? windowCheck(chainId, blockHeight, state)
                    : ownProof(chainId, blockHeight, specimenHash).map(proof -> proof
                            .map(found -> new Admission(Verdict.PROVED, "", found))
                            .orElseGet(() -> new Admission(Verdict.SESSION_CLOSED, "session closed for operator "
                                    + operator, null))));
        });
    }

    /** An open answer also covers a session nobody opened yet; only an opening submission meets the window. */
    private Future<Admission> windowCheck(long chainId, long blockHeight, ChainState state) {
        return rpc.blockNumber().compose(head -> {
            // a transaction sent now is mined in a later block than the head
            Optional<LiveSyncWindow> window = LiveSyncWindow.at(head + 1, state.chain(), state.metadata());
            if (window.isEmpty() || !window.get().hasPassed(blockHeight)) {
                return Future.succeededFuture(Admission.proceed());
            }
            return sessionStart(chainId, blockHeight, state, head).map(start -> {
                if (start.isPresent() && start.get().deadline() > head) {
                    return Admission.proceed(); // a running session takes submissions without a window check
                }
                return new Admission(Verdict.OUT_OF_WINDOW, "height " + blockHeight + " is behind the live-sync "
                        + "window (" + window.get().lower() + ".." + window.get().upper() + " at proof-chain block "
                        + (head + 1) + ") and no session for it is running: it can no longer be proved", null);
            });
        });
    }

    /** Our own landed proof of (chain, height, specimen), if the chain holds one. */
    public Future<Optional<SubmittedProof>> ownProof(long chainId, long blockHeight, Hash specimenHash) {
        return chainState(chainId).compose(state -> rpc.blockNumber().compose(head ->
                sessionStart(chainId, blockHeight, state, head).compose(start -> {
                    if (start.isEmpty()) {
                        return Future.succeededFuture(Optional.<SubmittedProof>empty());
                    }
                    long to = Math.min(head, start.get().deadline());
                    return scan(start.get().proofChainBlock(), to, (from, until) -> rpc.getLogs(brpContract,
                                    List.of(ProofChainAbi.PROOF_SUBMITTED_TOPIC), from, until)
                            .compose(logs -> firstOwn(logs.stream().map(ProofChainAbi::decodeProofSubmitted)
                                    .filter(p -> p.chainId() == chainId && p.blockHeight() == blockHeight
                                            && p.specimenHash().equals(specimenHash))
                                    .toList(), 0)));
                })));
    }

    private Future<Optional<SubmittedProof>> firstOwn(List<SubmittedProof> candidates, int index) {
        if (index == candidates.size()) {
            return Future.succeededFuture(Optional.empty());
        }
        SubmittedProof candidate = candidates.get(index);
        return rpc.transactionSender(candidate.transactionHash()).compose(sender -> operator.equals(sender)
                ? Future.succeededFuture(Optional.of(candidate)) : firstOwn(candidates, index + 1));
    }

    private Future<Optional<SessionStart>> sessionStart(long chainId, long blockHeight, ChainState state, long head) {
        long[] range = LiveSyncWindow.openingBlocks(blockHeight, state.chain(), state.metadata(), head);
        if (range.length == 0) {
            return Future.succeededFuture(Optional.empty());
        }
        List<Hash> topics = ProofChainAbi.sessionStartedTopics(chainId, blockHeight);
        return scan(range[0], range[1], (from, to) -> rpc.getLogs(brpContract, topics, from, to)
                .map(logs -> logs.isEmpty() ? Optional.<SessionStart>empty()
                        : Optional.of(ProofChainAbi.decodeSessionStarted(logs.getFirst()))));
    }

    /** Calls {@code search} on consecutive ranges of at most {@link #blockBatch} blocks until one finds something. */
    private <T> Future<Optional<T>> scan(long from, long to, RangeSearch<T> search) {
        if (from > to) {
            return Future.succeededFuture(Optional.empty());
        }
        long until = Math.min(to, from + blockBatch - 1);
        return search.apply(from, until).compose(found -> found.isPresent() ? Future.succeededFuture(found)
                : scan(until + 1, to, search));
    }

    @FunctionalInterface
    private interface RangeSearch<T> {
        Future<Optional<T>> apply(long from, long to);
    }

    private record Cached(long readAt, Future<ChainState> state) {
    }
}
