package io.cqt.refiner.pipeline;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.ContentStore;
import io.cqt.refiner.journal.WorkItem;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Directory mode: takes complete specimen files from the inbox and drives each through decode → execute → pin →
 * outbox, recording every step in the journal before the next begins (discover → fetched → executed → pinned →
 * commit, or abort with the reason). A file is taken once it has stayed unchanged for the settle time, so a file
 * still being copied in is left alone; hidden and {@code .tmp}/{@code .part} files are never taken. At most
 * {@code maxInFlight} items are worked on at once; the rest wait in the inbox, or in the journal after a restart.
 * Unfinished journal items are resumed from their last recorded step at the first scan and when a retry falls due.
 * An item that leaves the pipeline frees its slot for the next at once, not at the next scan: with a long scan
 * interval and fast blocks, waiting for the timer would cap the pipeline at {@code maxInFlight} items a tick.
 * <p>
 * Stopping (graceful shutdown) takes no new items and lets each in-flight item finish the step it is in; the item
 * then stays at that recorded step, to be resumed by the next start. The wait is bounded by the shutdown timeout.
 * The decode and execute stages are given the specimen's bytes, never a path, since in a cluster the consumer may
 * be on another node.
 */
public final class DirectoryListenerVerticle extends VerticleBase {
    /** Journal keys of directory items: {@code file:<input file name>}. */
    static final String KEY_PREFIX = "file:";
    static final String RESULT_SUFFIX = ".result.json";
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryListenerVerticle.class);

    private record Seen(long size, long modified, long firstSeenMillis) {
    }

    private final PipelineConfig config;
    private final JournalAccess journal;
    private final ResultSpool spool;
    private final ContentStore store;
    private InFlightItems inFlight;
    private final Map<String, Seen> seen = new HashMap<>();
    private final Set<String> alreadyDone = new HashSet<>();
    /** Files settled at the last listing and not yet taken, in name order. */
    private final ArrayDeque<String> ready = new ArrayDeque<>();
    private final long shutdownMillis;
    private long timer = -1;
    private boolean scanning;
    /** An item left during a scan: scan again when it ends. */
    private boolean rescan;
    /** When the journal's unfinished items are next worth a look (epoch millis); 0 at first. */
    private long resumeAt;
    private boolean stopping;

    /** @param shutdownMillis how long stopping waits for in-flight items to reach a recorded step */
    public DirectoryListenerVerticle(PipelineConfig config, JournalAccess journal, ContentStore store,
            long shutdownMillis) {
        this.config = config;
        this.shutdownMillis = shutdownMillis;
        this.spool = new ResultSpool(config.spoolDir());
        this.journal = journal;
        this.store = store;
    }

    @Override
    public Future<?> start() {
        inFlight = new InFlightItems(vertx, shutdownMillis);
        return vertx.executeBlocking(() -> {
            for (Path dir : List.of(config.inbox(), config.workDir(), config.doneDir())) {
                Files.createDirectories(dir);
            }
            spool.createDirectory();
            return null;
        }).onSuccess(v -> timer = vertx.setPeriodic(0, config.scanMillis(), id -> scan()));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        return inFlight.drain();
    }

    /**
     * Fills the free in-flight slots: first from the journal's unfinished items when some may be ready (at the first
     * scan, when a failed item's retry time has come, when an earlier look left items for lack of room), then from
     * the inbox. Runs on the timer and whenever an item leaves the pipeline, so a slot is refilled at once rather
     * than at the next tick; a call during a scan runs another right after it.
     */
    private void scan() {
        if (stopping) {
            return;
        }
        if (scanning) {
            rescan = true;
            return;
        }
        if (inFlight.size() >= config.maxInFlight()) {
            return;
        }
        scanning = true;
        rescan = false;
        Future<Void> resumed = System.currentTimeMillis() >= resumeAt ? resumeUnfinished() : Future.succeededFuture();
        resumed.compose(v -> inFlight.size() < config.maxInFlight() ? takeFromInbox() : Future.succeededFuture())
                .onComplete(ar -> {
                    scanning = false;
                    if (ar.failed()) {
                        LOG.warn("scan of {} failed: {}", config.inbox(), Failures.describe(ar.cause()));
                    }
                    if (rescan) {
                        scan();
                    }
                });
    }

    /**
     * Starts the journal's unfinished items that are not waiting out a retry, as far as there is room, and notes
     * when to look again: at once when some were left for room, at the earliest retry time, or not until an item
     * fails (the journal is this listener's alone, so nothing else adds unfinished items).
     */
    private Future<Void> resumeUnfinished() {
        resumeAt = Long.MAX_VALUE;
        return journal.run(j -> j.unfinished()).<Void>map(items -> {
            long now = System.currentTimeMillis();
            for (WorkItem item : items) {
                if (!item.key().startsWith(KEY_PREFIX) || inFlight.contains(item.key())) {
                    continue;
                }
                long retryAt = item.attempts() > 0 && item.reason() != null
                        ? item.updatedAt().toEpochMilli() + config.retryMillis() : 0;
                if (retryAt > now) {
                    resumeAt = Math.min(resumeAt, retryAt);
                } else if (inFlight.size() >= config.maxInFlight()) {
                    resumeAt = 0;
                    break;
                } else {
                    start(item);
                }
            }
            return null;
        }).onFailure(e -> resumeAt = 0);
    }

    /**
     * Takes settled inbox files while there is room. The inbox is listed only once the files settled at its last
     * listing are all taken: a slot freed per finished item must not cost a listing (and a stat per file) of an
     * inbox that holds thousands.
     */
    private Future<Void> takeFromInbox() {
        if (!ready.isEmpty()) {
            return takeReady();
        }
        return vertx.executeBlocking(this::listInbox, false).compose(files -> {
            for (String name : settled(files, System.currentTimeMillis())) {
                if (!alreadyDone.contains(name)) {
                    ready.add(name);
                }
            }
            return takeReady();
        });
    }

    /** Takes ready files while there is room; completes when it stops. */
    private Future<Void> takeReady() {
        Promise<Void> done = Promise.promise();
        takeNext(done);
        return done.future();
    }

    /**
     * The next ready file, if there is room and it is still in the inbox, then (from that step's callback, so the
     * stack does not grow with the files taken) the one after it. A chain of futures, one per file, overflowed the
     * stack with some thousand files in the inbox and left the listener stuck mid-scan.
     */
    private void takeNext(Promise<Void> done) {
        String name = null;
        while (name == null) {
            if (ready.isEmpty() || inFlight.size() >= config.maxInFlight()) {
                done.complete();
                return;
            }
            name = ready.poll();
            if (inFlight.contains(KEY_PREFIX + name)) {
                name = null;
            }
        }
        String taken = name;
        String key = KEY_PREFIX + taken;
        vertx.executeBlocking(() -> Files.isRegularFile(config.inbox().resolve(taken)), false)
                .compose(present -> !present ? Future.<Void>succeededFuture()
                        : journal.run(j -> j.discover(key, -1, null, null)).<Void>map(item -> {
                            if (item.isFinished()) {
                                if (alreadyDone.add(taken)) {
                                    LOG.warn("{} in {} is already {} in the journal; left in place", taken,
                                            config.inbox(), item.state().label());
                                }
                            } else {
                                start(item);
                            }
                            return null;
                        }))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        done.fail(ar.cause());
                    } else {
                        takeNext(done);
                    }
                });
    }

    /** The takeable files of the inbox with their size and modification time (blocking: runs on a worker). */
    private Map<String, Seen> listInbox() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(config.inbox())) {
            files = list.filter(Files::isRegularFile).filter(f -> takeable(f.getFileName().toString())).toList();
        }
        Map<String, Seen> found = new HashMap<>();
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                found.put(file.getFileName().toString(),
                        new Seen(attributes.size(), attributes.lastModifiedTime().toMillis(), 0));
            } catch (IOException gone) {
                // Moved away between listing and reading: nothing to take.
            }
        }
        return found;
    }

    /** Names of files unchanged (size and modification time) for the settle time, in name order. */
    private List<String> settled(Map<String, Seen> files, long now) {
        List<String> settled = new ArrayList<>();
        files.forEach((name, current) -> {
            Seen before = seen.get(name);
            if (before == null || before.size() != current.size() || before.modified() != current.modified()) {
                before = new Seen(current.size(), current.modified(), now);
                seen.put(name, before);
            }
            // A settle time of 0 takes a file at first sight (files that arrive by rename are complete).
            if (now - before.firstSeenMillis() >= config.settleMillis()) {
                settled.add(name);
            }
        });
        seen.keySet().retainAll(files.keySet());
        alreadyDone.retainAll(files.keySet());
        settled.sort(null);
        return settled;
    }

    private static boolean takeable(String name) {
        return !name.startsWith(".") && !name.endsWith(".tmp") && !name.endsWith(".part");
    }

    private void start(WorkItem item) {
        inFlight.add(item.key());
        advance(item)
                .recover(failure -> record(item.key(), failure))
                .onComplete(ar -> {
                    inFlight.remove(item.key());
                    if (ar.failed() || !ar.result().isFinished()) {
                        // To retry, or a failure the journal could not record: the journal holds it for a later look.
                        resumeAt = Math.min(resumeAt, System.currentTimeMillis() + config.retryMillis());
                        vertx.setTimer(Math.max(1, config.retryMillis()), id -> scan());
                    }
                    scan();
                });
    }

    private Future<WorkItem> record(String key, Throwable failure) {
        String reason = Failures.describe(failure);
        if (Failures.isAbort(failure)) {
            LOG.warn("{}: abort: {}", key, reason);
            return journal.run(j -> j.aborted(key, reason));
        }
        LOG.info("{}: will retry: {}", key, reason);
        return journal.run(j -> j.failedAttempt(key, reason));
    }

    /**
     * An item with the result bytes (and trace outputs, by rule) this run produced, so pinning and delivering take
     * them from memory instead of reading and hashing them again; null after a restart, when they come back from
     * the spool or the store.
     */
    private record Carried(WorkItem item, byte[] result, Map<String, byte[]> outputs) {
        Carried(WorkItem item) {
            this(item, null, null);
        }
    }

    /** One step from the item's recorded state, then the next, until it is finished. */
    private Future<WorkItem> advance(WorkItem item) {
        return advance(new Carried(item));
    }

    private Future<WorkItem> advance(Carried carried) {
        WorkItem item = carried.item();
        if (stopping && !item.isFinished()) {
            LOG.info("{}: stopped at {}; resumes from there on the next start", item.key(), item.state().label());
            return Future.succeededFuture(item);
        }
        return switch (item.state()) {
            case DISCOVERED -> claim(item).map(Carried::new).compose(this::advance);
            case FETCHED -> produce(item).compose(this::advance);
            case EXECUTED -> pin(carried).compose(this::advance);
            case PINNED -> deliver(carried).map(Carried::new).compose(this::advance);
            case PROVING -> Future.failedFuture(new Failures.AbortException("directory items are never proved"));
            case COMMITTED, SKIPPED, ABORTED -> Future.succeededFuture(item);
        };
    }

    /** Moves the input from the inbox into the working directory: it is ours from now on. */
    private Future<WorkItem> claim(WorkItem item) {
        String name = name(item);
        Path claimed = config.workDir().resolve(name);
        return vertx.executeBlocking(() -> {
            if (!Files.exists(claimed)) {
                Path source = config.inbox().resolve(name);
                if (!Files.exists(source)) {
                    throw new Failures.AbortException("input " + source + " is gone");
                }
                move(source, claimed);
            }
            return null;
        }, false).compose(v -> journal.run(j -> j.fetched(item.key(), claimed.toUri().toString())));
    }

    /**
     * Decodes and executes the claimed input, keeps the result (and the trace outputs, first) in the spool, records
     * its hash.
     */
    private Future<Carried> produce(WorkItem item) {
        return execute(item).compose(done -> vertx.executeBlocking(() -> {
                    for (Map.Entry<String, byte[]> output : done.outputs().entrySet()) {
                        spool.writeOutput(item, output.getKey(), output.getValue());
                    }
                    return spool.write(item, done.bytes());
                }, false)
                .compose(hash -> journal.run(j -> j.executed(item.key(), hash, done.lossy(),
                        config.compatProfile().name(), done.blockNumber())))
                .map(executed -> new Carried(executed, done.bytes(), done.outputs())));
    }

    /**
     * An execution's result, the block it was of, the loss that explains its difference, if any, and the outputs
     * of the configured trace rules, by rule.
     */
    private record Executed(byte[] bytes, long blockNumber, String lossy, Map<String, byte[]> outputs) {
    }

    private Future<Executed> execute(WorkItem item) {
        Path path = config.workDir().resolve(name(item));
        String file = path.toString();
        // Read straight into the array the message carries: through a Vert.x buffer, a specimen of a few MB was
        // copied twice more, once of them on the event loop.
        return vertx.executeBlocking(() -> Files.readAllBytes(path), false)
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot read " + file + ": "
                        + Failures.describe(e), e)))
                .compose(bytes -> vertx.eventBus().<WorkMessage>request(Addresses.DECODE,
                        WorkMessage.of(item.key(), file, bytes), stageDelivery()))
                .compose(decoded -> vertx.eventBus().<WorkMessage>request(Addresses.EXECUTE, decoded.body(),
                        executeDelivery()).compose(reply -> {
                            // The node that ran the block made this pipeline's outputs, no fewer and no others.
                            Set<String> made = reply.body().outputs().keySet();
                            if (!made.equals(Set.copyOf(config.traceRules()))) {
                                return Future.failedFuture(new IllegalStateException("the execution gave outputs "
                                        + made + ", not those of the rules " + config.traceRules()));
                            }
                            return Future.succeededFuture(new Executed(reply.body().payload(),
                                    decoded.body().specimen().replica().number(),
                                    reply.headers().get(ExecuteVerticle.LOSSY_HEADER), reply.body().outputs()));
                        }));
    }

    /** The execute request names this pipeline's trace rules: whichever node runs the block makes their outputs. */
    private DeliveryOptions executeDelivery() {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(config.executeTimeoutMillis());
        if (!config.traceRules().isEmpty()) {
            options.addHeader(ExecuteVerticle.RULES_HEADER, String.join(",", config.traceRules()));
        }
        return options;
    }

    /**
     * Pins the spooled result, then each trace output, and records their CIDs; a lost spool (crash before its write
     * was durable) means executing again, which must give the recorded result.
     */
    private Future<Carried> pin(Carried carried) {
        WorkItem item = carried.item();
        Future<Carried> spooled = carried.result() != null && carried.outputs() != null
                ? Future.succeededFuture(carried)
                : vertx.executeBlocking(() -> {
                    byte[] bytes = spool.readIfRecorded(item);
                    Map<String, byte[]> outputs = spool.readOutputs(item, config.traceRules());
                    return bytes == null || outputs == null ? null : new Carried(item, bytes, outputs);
                }, false).compose(found -> found != null ? Future.succeededFuture(found)
                        : execute(item).compose(again -> vertx.executeBlocking(() -> new Carried(item,
                                ResultSpool.requireRecorded(item, again.bytes()), again.outputs()), false)));
        return spooled.compose(ready -> pinBytes(item, ready.result()).compose(resultCid -> {
            Map<String, String> cids = new LinkedHashMap<>();
            Future<Void> chain = Future.succeededFuture();
            for (Map.Entry<String, byte[]> output : ready.outputs().entrySet()) {
                chain = chain.compose(v -> pinBytes(item, output.getValue())
                        .map(cid -> {
                            cids.put(output.getKey(), cid);
                            return null;
                        }));
            }
            return chain.compose(v -> journal.run(j -> j.pinned(item.key(), resultCid, cids)));
        }).map(pinned -> new Carried(pinned, ready.result(), ready.outputs())));
    }

    private Future<String> pinBytes(WorkItem item, byte[] bytes) {
        return vertx.eventBus().<String>request(Addresses.PIN, WorkMessage.of(item.key(), name(item), bytes),
                stageDelivery()).map(Message::body);
    }

    /**
     * Writes the pinned trace outputs, then the result, into the outbox (so a reader that waits for the result finds
     * the outputs beside it), files the input away, and commits.
     */
    private Future<WorkItem> deliver(Carried carried) {
        WorkItem item = carried.item();
        String name = name(item);
        Future<Void> outputs = Future.succeededFuture();
        for (Map.Entry<String, String> output : item.outputs().entrySet()) {
            byte[] inMemory = carried.outputs() == null ? null : carried.outputs().get(output.getKey());
            outputs = outputs.compose(v -> (inMemory != null ? Future.succeededFuture(inMemory)
                            : store.get(Cid.parse(output.getValue())))
                    .compose(bytes -> vertx.eventBus().<String>request(Addresses.OUTBOX, WorkMessage.of(item.key(),
                            PipelineRules.outputName(name, output.getKey()), bytes), stageDelivery()))
                    .mapEmpty());
        }
        return outputs.compose(v -> carried.result() != null ? Future.succeededFuture(carried.result())
                        : store.get(Cid.parse(item.resultCid())))
                .compose(bytes -> vertx.eventBus().<String>request(Addresses.OUTBOX,
                        WorkMessage.of(item.key(), name + RESULT_SUFFIX, bytes), stageDelivery()))
                .compose(written -> vertx.executeBlocking(() -> {
                    Path claimed = config.workDir().resolve(name);
                    if (Files.exists(claimed)) {
                        move(claimed, config.doneDir().resolve(name));
                    }
                    Set<String> rules = new HashSet<>(config.traceRules());
                    rules.addAll(item.outputs().keySet());
                    spool.delete(item, List.copyOf(rules));
                    return null;
                }, false))
                .compose(v -> journal.run(j -> j.committed(item.key())))
                .andThen(done -> {
                    if (done.succeeded()) {
                        LOG.info("{}: committed", item.key());
                    }
                });
    }

    private DeliveryOptions stageDelivery() {
        return new DeliveryOptions().setSendTimeout(config.stageTimeoutMillis());
    }

    private static String name(WorkItem item) {
        return item.key().substring(KEY_PREFIX.length());
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

}
