package io.cqt.refiner.pipeline;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.ContentStore;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.proofchain.JsonRpcClient;
import io.cqt.refiner.proofchain.ProofChainReader;
import io.cqt.refiner.proofchain.ProofChainSessions;
import io.cqt.refiner.proofchain.SubmittedProof;
import io.cqt.refiner.proofchain.SpecimenQuorum;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proof-chain mode: reads {@code BlockSpecimenQuorum} events of the BSP contract with {@code eth_getLogs} (ranges
 * of {@code blockBatch} blocks while behind, one poll per {@code pollMillis} once caught up), journals each as a
 * work item keyed as the reference keys it, and drives items through session check → fetch (verified against its
 * CID) → decode → execute (verified) → pin → prove, journaling every step before the next begins. It starts from
 * the journal's lowest unfinished height, else after its highest read height, else the configured start height,
 * else the head. Transient failures wait with backoff; while a breaker is open an item just waits, unrecorded.
 */
public final class ProofChainListenerVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ProofChainListenerVerticle.class);
    /** The reference's key: {@code chainId_height_blockHash_specimenHash} (hashes as 64 hex digits). */
    private static final Pattern KEY = Pattern.compile("\\d+_\\d+_[0-9a-f]{64}_[0-9a-f]{64}");
    private static final int MAX_BACKOFF_DOUBLINGS = 6;
    /** The contract's chain settings change only by a governor's hand: re-read them this often. */
    static final long CHAIN_DATA_REFRESH_MILLIS = 60_000;

    private final ProofChainConfig config;
    private final JournalAccess journal;
    private final ResultSpool spool;
    private final ContentStore store;
    private final JsonRpcClient rpc;
    private final ProofChainReader reader;
    private final ProofChainSessions sessions;
    private final List<CircuitBreaker> breakers;
    private InFlightItems inFlight;
    /** Items waiting after a failure: key → the earliest time to try again, and how many tries failed in a row. */
    private final Map<String, long[]> waiting = new HashMap<>();
    /** The items in {@link #waiting} that wait for an outage (an open breaker) rather than after a failure. */
    private final Set<String> waitingForOutage = new HashSet<>();
    private long nextHeight = -1;
    private long timer = -1;
    private boolean stopped;
    /** A tick is reading the journal or the chain; the next is scheduled when it ends. */
    private boolean ticking;
    /** An item left, or new items were discovered, during the current tick: the next tick comes at once. */
    private boolean tickAgain;
    private final long shutdownMillis;

    /** @param shutdownMillis how long stopping waits for in-flight items to reach a recorded step */
    public ProofChainListenerVerticle(ProofChainConfig config, JournalAccess journal, ContentStore store,
            JsonRpcClient rpc, List<CircuitBreaker> breakers, long shutdownMillis) {
        this.config = config;
        this.shutdownMillis = shutdownMillis;
        this.spool = new ResultSpool(config.spoolDir());
        this.journal = journal;
        this.store = store;
        this.rpc = rpc;
        this.reader = new ProofChainReader(rpc, config.bspAddress(), config.brpAddress());
        this.sessions = new ProofChainSessions(rpc, config.brpAddress(), config.operator().address(),
                CHAIN_DATA_REFRESH_MILLIS, config.blockBatch(), System::currentTimeMillis);
        this.breakers = List.copyOf(breakers);
    }

    @Override
    public Future<?> start() {
        inFlight = new InFlightItems(vertx, shutdownMillis);
        // A breaker that closed again means the service is back: what waited for it goes at the next tick.
        vertx.eventBus().<JsonObject>consumer(Addresses.BREAKERS, message -> {
            if ("CLOSED".equals(message.body().getString("state"))) {
                waitingForOutage.forEach(waiting::remove);
                waitingForOutage.clear();
            }
        });
        return vertx.executeBlocking(() -> {
                    spool.createDirectory();
                    return null;
                })
                .onSuccess(v -> schedule(0));
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(timer);
        return inFlight.drain();
    }

    private void schedule(long delay) {
        if (!stopped) {
            timer = vertx.setTimer(Math.max(1, delay), id -> tick());
        }
    }

    private void tick() {
        ticking = true;
        tickAgain = false;
        resumeUnfinished()
                .compose(v -> readEvents())
                .onComplete(ar -> {
                    ticking = false;
                    if (ar.failed()) {
                        LOG.warn("reading the proof chain failed: {}", Failures.describe(ar.cause()));
                        schedule(tickAgain ? 0 : config.retryMillis());
                    } else {
                        schedule(ar.result() || tickAgain ? 0
                                : Math.min(config.pollMillis(), config.retryMillis()));
                    }
                });
    }

    /**
     * An item left the pipeline: tick now rather than at the next poll, so that a backlog being caught up keeps every
     * slot busy (waiting for the poll would cap it at {@code maxInFlight} items a poll).
     */
    private void itemLeft() {
        if (stopped) {
            return;
        }
        if (ticking) {
            tickAgain = true;
            return;
        }
        vertx.cancelTimer(timer);
        schedule(0);
    }

    /** Reads the next range of events; true when the head is further on (read again at once). */
    private Future<Boolean> readEvents() {
        if (inFlight.size() >= config.maxInFlight()) {
            return Future.succeededFuture(false);
        }
        return startHeight().compose(from -> rpc.blockNumber().compose(head -> {
            if (from > head) {
                PipelineEvents.headLag(vertx, 0);
                return Future.succeededFuture(false);
            }
            long to = Math.min(head, from + config.blockBatch() - 1);
            return journal.run(j -> {
                        j.startHeight(from);
                        return null;
                    })
                    .compose(v -> reader.specimenQuorums(from, to))
                    .compose(this::discoverAll)
                    .compose(v -> journal.run(j -> {
                        j.commitHeight(from);
                        j.commitHeight(to);
                        return null;
                    }))
                    .map(v -> {
                        nextHeight = to + 1;
                        PipelineEvents.headLag(vertx, head - to);
                        return to < head;
                    });
        }));
    }

    private Future<Long> startHeight() {
        if (nextHeight >= 0) {
            return Future.succeededFuture(nextHeight);
        }
        return journal.run(j -> {
            if (j.lowestUnfinishedHeight().isPresent()) {
                return j.lowestUnfinishedHeight().getAsLong();
            }
            return j.highestCommittedHeight().isPresent() ? j.highestCommittedHeight().getAsLong() + 1 : -1L;
        }).compose(resumed -> {
            if (resumed >= 0) {
                return Future.succeededFuture(resumed);
            }
            return config.startHeight().isPresent() ? Future.succeededFuture(config.startHeight().getAsLong())
                    : rpc.blockNumber();
        }).onSuccess(height -> {
            nextHeight = height;
            LOG.info("reading BlockSpecimenQuorum events of {} from proof-chain block {}", config.bspAddress(),
                    height);
        });
    }

    private Future<Void> discoverAll(List<SpecimenQuorum> quorums) {
        // Started by the next tick, which comes at once.
        tickAgain |= !quorums.isEmpty();
        Future<Void> chain = Future.succeededFuture();
        for (SpecimenQuorum quorum : quorums) {
            chain = chain.compose(v -> journal.run(j -> j.discover(quorum.key(), quorum.blockHeight(),
                    quorum.specimenHash(), null))).mapEmpty();
        }
        return chain;
    }

    private Future<Void> resumeUnfinished() {
        long now = System.currentTimeMillis();
        return journal.run(j -> j.unfinished()).map(items -> {
            for (WorkItem item : items) {
                if (stopped || inFlight.size() >= config.maxInFlight()) {
                    break;
                }
                long[] wait = waiting.get(item.key());
                if (KEY.matcher(item.key()).matches() && !inFlight.contains(item.key())
                        && (wait == null || wait[0] <= now)) {
                    start(item);
                }
            }
            return null;
        });
    }

    private void start(WorkItem item) {
        inFlight.add(item.key());
        advance(new Carried(item, null, null))
                .onSuccess(done -> {
                    waiting.remove(item.key());
                    waitingForOutage.remove(item.key());
                })
                .recover(failure -> record(item.key(), failure))
                .onComplete(ar -> {
                    inFlight.remove(item.key());
                    itemLeft();
                });
    }

    private Future<WorkItem> record(String key, Throwable failure) {
        String reason = Failures.describe(failure);
        if (Failures.isAbort(failure)) {
            LOG.warn("{}: abort: {}", key, reason);
            waiting.remove(key);
            waitingForOutage.remove(key);
            return journal.run(j -> j.aborted(key, reason));
        }
        long[] wait = waiting.computeIfAbsent(key, k -> new long[2]);
        if (isOutage(failure) && !Failures.hasCode(failure, Failures.FATAL)) {
            // No backoff here: an open breaker answers at once without touching the service, and a try after
            // its reset period is the probe that closes it again. Growing waits would only delay the recovery.
            wait[0] = System.currentTimeMillis() + Math.min(config.retryMillis(), config.breakerResetMillis());
            waitingForOutage.add(key);
            LOG.info("{}: waiting for an outage to end: {}", key, reason);
            return Future.succeededFuture();
        }
        waitingForOutage.remove(key);
        wait[1]++;
        long delay = config.retryMillis() << Math.min(wait[1] - 1, MAX_BACKOFF_DOUBLINGS);
        wait[0] = System.currentTimeMillis() + delay;
        if (Failures.hasCode(failure, Failures.FATAL)) {
            return Future.succeededFuture(); // proving is stopped: the item stays queued, the log says why
        }
        LOG.info("{}: will retry in {} ms: {}", key, delay, reason);
        return journal.run(j -> j.failedAttempt(key, reason));
    }

    private boolean isOutage(Throwable failure) {
        return failure instanceof ServiceOutageException || failure instanceof OpenCircuitException
                || Failures.hasCode(failure, Failures.OUTAGE)
                || breakers.stream().anyMatch(b -> b.state() != CircuitBreakerState.CLOSED);
    }

    /** An item with what earlier steps of this run produced (specimen bytes, result bytes), to skip re-reading. */
    private record Carried(WorkItem item, byte[] specimen, byte[] result) {
    }

    private Future<WorkItem> advance(Carried carried) {
        WorkItem item = carried.item();
        if (stopped && !item.isFinished()) {
            return Future.succeededFuture(item); // stopping: the item stays at the step just recorded
        }
        return switch (item.state()) {
            case DISCOVERED -> fetch(item).compose(this::advance);
            case FETCHED -> execute(carried).compose(this::advance);
            case EXECUTED -> pin(carried).compose(this::advance);
            case PINNED, PROVING -> prove(item);
            case COMMITTED, SKIPPED, ABORTED -> Future.succeededFuture(item);
        };
    }

    /** Session check (before any work: see {@link ProofChainSessions#beforeWork}), storage URL, and the specimen from the content store (verified against its CID). */
    private Future<Carried> fetch(WorkItem item) {
        long chainId = ProveVerticle.chainId(item.key());
        if (chainId != config.specimenChainId()) {
            return journal.run(j -> j.skipped(item.key(), "specimen of chain " + chainId + "; this refiner "
                    + "proves chain " + config.specimenChainId())).map(skipped -> new Carried(skipped, null, null));
        }
        return sessions.beforeWork(chainId, item.blockHeight(), item.specimenHash()).compose(admission -> {
            switch (admission.verdict()) {
                case PROVED -> {
                    SubmittedProof proof = admission.proof();
                    LOG.info("{}: our proof is already on chain (transaction {}, proof-chain block {}): committed "
                            + "without fetching", item.key(), proof.transactionHash(), proof.proofChainBlock());
                    return journal.run(j -> j.committedOnChain(item.key(), proof.transactionHash()))
                            .map(done -> new Carried(done, null, null));
                }
                case NOT_SAMPLED, OUT_OF_WINDOW, SESSION_CLOSED -> {
                    PipelineEvents.skippedBeforeWork(vertx, admission.verdict());
                    return journal.run(j -> j.skipped(item.key(), admission.reason()))
                            .map(skipped -> new Carried(skipped, null, null));
                }
                case PROCEED -> {
                }
            }
            return reader.urls(item.specimenHash()).compose(urls -> {
                String url = urls.stream().filter(u -> u.startsWith("ipfs://")).findFirst().orElse(null);
                if (url == null) {
                    return Future.failedFuture(new IllegalStateException("no ipfs:// URL for specimen "
                            + item.specimenHash() + " yet (getURLS: " + urls + ")"));
                }
                return download(url).compose(bytes -> journal.run(j -> j.fetched(item.key(), url))
                        .map(fetched -> new Carried(fetched, bytes, null)));
            });
        });
    }

    private Future<byte[]> download(String url) {
        Cid cid;
        try {
            cid = Cid.parse(url.substring("ipfs://".length()));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new Failures.AbortException("storage URL " + url + " holds no CID: "
                    + e.getMessage()));
        }
        long started = System.nanoTime();
        return store.get(cid).onSuccess(bytes -> PipelineEvents.stage(vertx, "ipfs_metrics", "fetch",
                System.nanoTime() - started));
    }

    /**
     * Decode and execute (verified against the header), keep the result in the spool, journal its hash (and, for a
     * result the loss policy let through, the loss: the flag stays on the item).
     */
    private Future<Carried> execute(Carried carried) {
        WorkItem item = carried.item();
        return result(carried)
                .compose(executed -> vertx.executeBlocking(() -> spool.write(item, executed.bytes()), false)
                        .compose(hash -> journal.run(j -> j.executed(item.key(), hash, executed.lossy(),
                                executed.compatProfile())))
                        .map(journaled -> new Carried(journaled, null, executed.bytes())));
    }

    /**
     * A verified result, or with {@code lossy} set one that differs from the header only where a known loss says;
     * {@code compatProfile} names the reference release whose bytes it holds.
     */
    private record Executed(byte[] bytes, String lossy, String compatProfile) {
    }

    private Future<Executed> result(Carried carried) {
        WorkItem item = carried.item();
        Future<byte[]> specimen = carried.specimen() != null ? Future.succeededFuture(carried.specimen())
                : download(item.specimenUrl());
        return specimen
                .compose(bytes -> vertx.eventBus().<WorkMessage>request(Addresses.DECODE,
                        WorkMessage.of(item.key(), item.specimenUrl(), bytes), stageDelivery()))
                .compose(decoded -> vertx.eventBus().<WorkMessage>request(Addresses.EXECUTE, decoded.body(),
                        new DeliveryOptions().setSendTimeout(config.executeTimeoutMillis())))
                .map(reply -> {
                    String lossy = reply.headers().get(ExecuteVerticle.LOSSY_HEADER);
                    if (lossy != null) {
                        LOG.warn("{}: LOSSY result proved by policy: block differs from its header only where "
                                + "its specimen's known loss explains it ({})", item.key(), lossy);
                    }
                    return new Executed(reply.body().payload(), lossy,
                            reply.headers().get(ExecuteVerticle.COMPAT_HEADER));
                });
    }

    private Future<Carried> pin(Carried carried) {
        WorkItem item = carried.item();
        Future<byte[]> bytes = carried.result() != null ? Future.succeededFuture(carried.result())
                : vertx.executeBlocking(() -> spool.readIfRecorded(item), false)
                        .compose(spooled -> spooled != null ? Future.succeededFuture(spooled)
                                : result(carried).compose(again -> vertx.executeBlocking(
                                        () -> ResultSpool.requireRecorded(item, again.bytes()), false)));
        return bytes
                .compose(result -> vertx.eventBus().<String>request(Addresses.PIN,
                        WorkMessage.of(item.key(), null, result), stageDelivery()))
                .compose(cid -> journal.run(j -> j.pinned(item.key(), cid.body())))
                .map(pinned -> new Carried(pinned, null, null));
    }

    private Future<WorkItem> prove(WorkItem item) {
        // Proving waits for the receipt (and may bump fees): as long as an execution may take.
        return vertx.eventBus().<String>request(Addresses.PROVE, WorkMessage.of(item.key(), null, null),
                        new DeliveryOptions().setSendTimeout(config.executeTimeoutMillis()))
                .compose(state -> journal.run(j -> j.get(item.key()).orElseThrow()))
                .compose(done -> vertx.executeBlocking(() -> {
                    if (done.isFinished()) {
                        spool.delete(done, List.of());
                    }
                    return done;
                }, false));
    }

    private DeliveryOptions stageDelivery() {
        return new DeliveryOptions().setSendTimeout(config.stageTimeoutMillis());
    }

}
