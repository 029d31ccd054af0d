package io.cqt.refiner.journal;

import io.cqt.refiner.types.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of work items and proof-chain heights. Every change is committed before its method returns (or,
 * for the steps of a {@link #group}, before the group returns), so a step recorded here survives a crash and the next
 * step may start. One process at a time: a second one opening the
 * same journal gets a {@link JournalException}. All methods are synchronized; the pipeline calls them from one
 * worker thread anyway (writes block on a disk sync).
 *
 * <p>Two files: the {@link JournalLog}, where each change is appended and synced first, and the MapDB file the
 * journal reads from, where it is applied next. The log is the truth; the MapDB file is rebuilt from it when the last
 * process did not close the journal, or when MapDB reports the file corrupt ({@link JournalRebuild}).
 */
public final class Journal implements AutoCloseable {
    /** The journal's file name inside the data directory. */
    public static final String FILE_NAME = "journal.db";
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path file;
    private final Clock clock;
    private final JournalObserver observer;
    private final JournalLog log;
    private JournalStore store;
    /** Items per state, counted once at open and kept up to date, so a metrics scrape does not walk the index. */
    private final Map<WorkState, Integer> counts = new EnumMap<>(WorkState.class);
    /** While {@link #group} runs: the observer's calls, made once the group's changes are synced; else null. */
    private List<Runnable> awaitingSync;
    /** Inside a {@link #group}: whether a change was written and awaits the group's sync. */
    private boolean unsynced;

    private Journal(Path file, Clock clock, JournalLog log, JournalStore store, JournalObserver observer) {
        this.file = file;
        this.clock = clock;
        this.log = log;
        this.store = store;
        this.observer = observer;
        recount();
    }

    public static Journal open(Path file) {
        return open(file, Clock.systemUTC(), JournalObserver.NONE);
    }

    /** Opens the journal for the pipeline: {@code observer} hears of every write and timed read. */
    public static Journal open(Path file, JournalObserver observer) {
        return open(file, Clock.systemUTC(), observer);
    }

    public static Journal open(Path file, Clock clock) {
        return open(file, clock, JournalObserver.NONE);
    }

    /**
     * Opens the journal (creating it, and its directory, when absent). After an unclean stop the MapDB file is
     * rebuilt from the log before anything is read.
     */
    public static Journal open(Path file, Clock clock, JournalObserver observer) {
        return open(file, clock, observer, JournalLog.SNAPSHOT_AFTER_BYTES);
    }

    /** As {@link #open(Path, Clock, JournalObserver)}, restarting the log after {@code snapshotAfterBytes} of changes. */
    static Journal open(Path file, Clock clock, JournalObserver observer, long snapshotAfterBytes) {
        JournalLog log;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            log = JournalLog.open(file, snapshotAfterBytes);
        } catch (IOException | RuntimeException e) {
            throw failedToOpen(file, e);
        }
        try {
            if (!log.existed()) {
                if (Files.exists(file)) {
                    rebuild(file, "it was written by an earlier version without a log",
                            () -> JournalRebuild.fromLegacy(file, log));
                } else {
                    log.writeSnapshot(Collections.emptyIterator(), List.of(), JournalStore.NONE);
                }
            } else if (!log.closedCleanly() || !Files.exists(file)) {
                rebuild(file, "it was not closed cleanly (the process was killed or crashed)",
                        () -> JournalRebuild.fromLog(file, log));
            }
        } catch (IOException | RuntimeException e) {
            log.abandon();
            throw failedToOpen(file, e);
        }
        JournalStore store = null;
        try {
            store = JournalStore.open(file);
            return new Journal(file, clock, log, store, observer);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            // not marked closed: the next open rebuilds the file from the log
            log.abandon();
            throw failedToOpen(file, e);
        }
    }

    /** A read-only copy of a journal's contents at one moment: see {@link #snapshot(Path)}. */
    public record Snapshot(List<WorkItem> items, OptionalLong lowestUnfinishedHeight,
                           OptionalLong highestCommittedHeight) {
    }

    /**
     * The journal's contents read from its log without its lock, for looking at a journal a running refiner holds:
     * a snapshot of the moment it was read (the refiner goes on changing it), never written to.
     *
     * @throws JournalException when there is no log to read (a journal from before the log) or it is damaged
     */
    public static Snapshot snapshot(Path file) {
        Path log = JournalLog.logFile(file);
        if (!Files.exists(log)) {
            throw new JournalException("journal " + file + " has no log to read while it is in use ("
                    + log.getFileName() + "); stop the refiner to read it");
        }
        try {
            JournalLog.View view = JournalLog.readOnly(file);
            List<WorkItem> items = new ArrayList<>(view.items().size());
            for (Map.Entry<String, byte[]> entry : view.items().entrySet()) {
                items.add(WorkItemCodec.decode(entry.getValue()));
            }
            return new Snapshot(List.copyOf(items),
                    view.started().isEmpty() ? OptionalLong.empty() : OptionalLong.of(view.started().first()),
                    view.committed() == JournalStore.NONE ? OptionalLong.empty() : OptionalLong.of(view.committed()));
        } catch (IOException e) {
            throw new JournalException("cannot read the journal log " + log + ": " + e.getMessage(), e);
        }
    }

    /** True when a journal (its log, or a MapDB file from before the log) is at {@code file}. */
    public static boolean exists(Path file) {
        return Files.exists(JournalLog.logFile(file)) || Files.exists(file);
    }

    /**
     * Rebuilds the MapDB file of the (closed) journal at {@code file} from its log now, as an unclean stop would at
     * the next open: for an operator who suspects the file, and for timing it.
     *
     * @throws JournalException when the journal is open elsewhere, absent, or cannot be rebuilt
     */
    public static JournalRebuild.Summary rebuild(Path file) {
        if (!exists(file)) {
            throw new JournalException("no journal at " + file);
        }
        JournalLog log;
        try {
            log = JournalLog.open(file, JournalLog.SNAPSHOT_AFTER_BYTES);
        } catch (IOException | RuntimeException e) {
            throw failedToOpen(file, e);
        }
        try {
            JournalRebuild.Summary summary = log.existed() ? JournalRebuild.fromLog(file, log)
                    : JournalRebuild.fromLegacy(file, log);
            log.close();
            return summary;
        } catch (IOException | RuntimeException e) {
            log.abandon();
            throw failedToOpen(file, e);
        }
    }

    private static JournalException failedToOpen(Path file, Exception e) {
        if (e instanceof JournalException journal) {
            return journal;
        }
        return new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
    }

    private interface Rebuild {
        JournalRebuild.Summary run() throws IOException;
    }

    private static void rebuild(Path file, String why, Rebuild rebuild) throws IOException {
        LOG.warn("journal {}: rebuilding its MapDB file from the log, {}", file, why);
        JournalRebuild.Summary summary = rebuild.run();
        LOG.warn("journal {}: rebuilt, {} items and {} started proof-chain heights in {} ms{}", file,
                summary.items(), summary.startedHeights(), summary.nanos() / 1_000_000,
                summary.droppedBytes() == 0 ? "" : "; a torn last record of " + summary.droppedBytes()
                        + " bytes (a change that never returned) was cut off the log");
    }

    /** The MapDB file as it stands, for tests that damage it. */
    JournalStore store() {
        return store;
    }

    /** The log, for tests that stop as a crash would. */
    JournalLog log() {
        return log;
    }

    public Path file() {
        return file;
    }

    /**
     * Records a newly seen specimen. Seeing the same key again (the listener re-reads a height after a restart)
     * changes nothing and returns the item as it stands.
     */
    public synchronized WorkItem discover(String key, long blockHeight, Hash specimenHash, String specimenUrl) {
        WorkItem existing = find(key);
        if (existing != null) {
            return existing;
        }
        WorkItem item = new WorkItem(key, blockHeight, specimenHash, specimenUrl, WorkState.DISCOVERED, null, 0,
                null, null, null, null, null, null, clock.instant(), clock.instant());
        return store(null, item);
    }

    /** The specimen was fetched from {@code specimenUrl} (which may only now be known). */
    public synchronized WorkItem fetched(String key, String specimenUrl) {
        return move(key, WorkState.FETCHED, null, item -> item.withSpecimenUrl(specimenUrl));
    }

    public synchronized WorkItem executed(String key, Hash resultHash) {
        return executed(key, resultHash, null, null);
    }

    /**
     * As {@link #executed(String, Hash)}, recording the reference release whose bytes were hashed ({@code profile})
     * and, for a result the loss policy let through, the specimen's known {@code loss} that explains its difference
     * from the header (null: a verified result). Both stay on the item.
     */
    public synchronized WorkItem executed(String key, Hash resultHash, String loss, String profile) {
        return move(key, WorkState.EXECUTED, null,
                item -> item.withResultHash(resultHash).withLossy(loss).withCompatProfile(profile));
    }

    /**
     * As {@link #executed(String, Hash, String, String)}, recording the block's number too: a directory-mode item
     * is discovered by its file's name, and only its execution says which block it holds.
     */
    public synchronized WorkItem executed(String key, Hash resultHash, String loss, String profile, long blockHeight) {
        return move(key, WorkState.EXECUTED, null, item -> item.withResultHash(resultHash).withLossy(loss)
                .withCompatProfile(profile).withBlockHeight(blockHeight));
    }

    public synchronized WorkItem pinned(String key, String resultCid) {
        return pinned(key, resultCid, Map.of());
    }

    /** As {@link #pinned(String, String)}, with the CIDs of the outputs pinned beside the result, by rule name. */
    public synchronized WorkItem pinned(String key, String resultCid, Map<String, String> outputs) {
        return move(key, WorkState.PINNED, null, item -> item.withResultCid(resultCid).withOutputs(outputs));
    }

    /** Call <em>before</em> sending the signed proof transaction whose hash this is. */
    public synchronized WorkItem proving(String key, Hash proofTxHash) {
        return move(key, WorkState.PROVING, null, item -> item.withProofTxHash(proofTxHash));
    }

    /** The proof is on chain: mined, or the contract answered "already submitted". */
    public synchronized WorkItem committed(String key) {
        return move(key, WorkState.COMMITTED, null, UnaryOperator.identity());
    }

    /**
     * Our proof of this item was found on chain ({@code proofTxHash}), sent by an earlier try whose record was lost
     * or by another instance with the same operator key: done, at whatever step the item stood.
     */
    public synchronized WorkItem committedOnChain(String key, Hash proofTxHash) {
        WorkItem item = require(key);
        if (item.isFinished()) {
            throw new IllegalTransitionException(key, item.state(), WorkState.COMMITTED);
        }
        // Unlike committed(), from any step: the transaction on chain is the proof this pipeline would have sent.
        return store(item, item.moved(WorkState.COMMITTED, null, clock.instant()).withProofTxHash(proofTxHash));
    }

    public synchronized WorkItem skipped(String key, String reason) {
        return move(key, WorkState.SKIPPED, reason, UnaryOperator.identity());
    }

    public synchronized WorkItem aborted(String key, String reason) {
        return move(key, WorkState.ABORTED, reason, UnaryOperator.identity());
    }

    /** A transient failure: the item stays where it is, with one more attempt and the reason noted. */
    public synchronized WorkItem failedAttempt(String key, String reason) {
        WorkItem item = require(key);
        if (item.isFinished()) {
            throw new JournalException("work item " + key + " is already " + item.state().label());
        }
        return store(item, item.failedAttempt(reason, clock.instant()));
    }

    /** An operator's retry of an aborted or skipped item: back to discover, to run the whole pipeline again. */
    public synchronized WorkItem retry(String key) {
        WorkItem item = require(key);
        if (!item.state().isRetryable()) {
            throw new JournalException("work item " + key + " is " + item.state().label()
                    + "; only abort and skip items can be retried");
        }
        return store(item, item.restarted(clock.instant()));
    }

    /** Retries every item in {@code state} (abort or skip), all in one commit. */
    public synchronized List<WorkItem> retryAll(WorkState state) {
        if (!state.isRetryable()) {
            throw new JournalException("only abort and skip items can be retried, not " + state.label());
        }
        List<WorkItem> before = inStateUncommitted(state);
        List<WorkItem> retried = new ArrayList<>(before.size());
        for (WorkItem item : before) {
            retried.add(item.restarted(clock.instant()));
        }
        List<JournalLog.Op> ops = new ArrayList<>(retried.size());
        for (WorkItem item : retried) {
            ops.add(put(item));
        }
        transact(ops);
        for (int i = 0; i < retried.size(); i++) {
            stored(before.get(i), retried.get(i));
        }
        return retried;
    }

    public synchronized Optional<WorkItem> get(String key) {
        return Optional.ofNullable(find(key));
    }

    /** Every item, by key. */
    public synchronized List<WorkItem> all() {
        return read(() -> {
            List<WorkItem> all = new ArrayList<>();
            for (Map.Entry<String, byte[]> entry : store.items().entrySet()) {
                all.add(WorkItemCodec.decode(entry.getValue()));
            }
            return all;
        });
    }

    public synchronized List<WorkItem> inState(WorkState state) {
        return inStateUncommitted(state);
    }

    /** Items not yet committed, skipped or aborted, lowest block first: what the pipeline resumes on start. */
    public synchronized List<WorkItem> unfinished() {
        long started = System.nanoTime();
        List<WorkItem> unfinished = new ArrayList<>();
        for (WorkState state : WorkState.values()) {
            if (!state.isTerminal()) {
                unfinished.addAll(inStateUncommitted(state));
            }
        }
        unfinished.sort(Comparator.comparingLong(WorkItem::blockHeight).thenComparing(WorkItem::key));
        observer.read(JournalObserver.Read.ITEMS, System.nanoTime() - started);
        return unfinished;
    }

    /** The listener begins reading proof-chain block {@code height}. */
    public synchronized void startHeight(long height) {
        transact(List.of(new JournalLog.StartHeight(height)));
    }

    /** Every event of proof-chain block {@code height} is journaled. */
    public synchronized void commitHeight(long height) {
        transact(List.of(new JournalLog.CommitHeight(height)));
    }

    /** The lowest proof-chain height started and not committed: where the listener resumes after a crash. */
    public synchronized OptionalLong lowestUnfinishedHeight() {
        long started = System.nanoTime();
        OptionalLong lowest = read(() -> {
            NavigableSet<Long> heights = store.startedHeights();
            return heights.isEmpty() ? OptionalLong.empty() : OptionalLong.of(heights.first());
        });
        observer.read(JournalObserver.Read.LAST, System.nanoTime() - started);
        return lowest;
    }

    public synchronized OptionalLong highestCommittedHeight() {
        long started = System.nanoTime();
        long height = read(() -> store.committedHeight().get());
        observer.read(JournalObserver.Read.LAST, System.nanoTime() - started);
        return height == JournalStore.NONE ? OptionalLong.empty() : OptionalLong.of(height);
    }

    /** How many items are in each state (every state present, zero or not). */
    public synchronized Map<WorkState, Integer> countByState() {
        requireOpen();
        return new EnumMap<>(counts);
    }

    private void recount() {
        for (WorkState state : WorkState.values()) {
            counts.put(state, 0);
        }
        for (String entry : store.byState().keySet()) {
            counts.merge(WorkState.parse(entry.substring(0, entry.indexOf(' '))), 1, Integer::sum);
        }
    }

    /** One step's outcome in a {@link #group}: its value, or why it failed. */
    public record Outcome(Object value, RuntimeException failure) {
    }

    /**
     * Runs {@code steps} in order as one group commit: each step's changes go to the log as it runs, and one sync
     * makes all of them durable before this returns, where each change alone would wait for a sync of its own. The
     * observer hears of them after that sync. A step that throws fails alone; when the sync fails, every step fails,
     * and the journal takes no more changes until it is opened again (the next open rebuilds it from the log).
     */
    public synchronized List<Outcome> group(List<? extends Function<Journal, ?>> steps) {
        List<Outcome> outcomes = new ArrayList<>(steps.size());
        List<Runnable> observed = new ArrayList<>();
        awaitingSync = observed;
        unsynced = false;
        try {
            for (Function<Journal, ?> step : steps) {
                try {
                    outcomes.add(new Outcome(step.apply(this), null));
                } catch (RuntimeException e) {
                    outcomes.add(new Outcome(null, e));
                }
            }
        } finally {
            awaitingSync = null;
        }
        if (unsynced) {
            try {
                log.sync();
            } catch (RuntimeException e) {
                JournalException failure = new JournalException("journal " + file + ": the changes were not recorded "
                        + "(restart the refiner): " + e.getMessage(), e);
                return outcomes.stream().map(done -> new Outcome(null, failure)).toList();
            }
            observed.forEach(Runnable::run);
        }
        return outcomes;
    }

    /** False once closed. */
    public synchronized boolean isOpen() {
        return !store.isClosed();
    }

    /** Closes the MapDB file, then marks the journal closed cleanly: the next open uses the file as it is. */
    @Override
    public synchronized void close() {
        if (store.isClosed()) {
            return;
        }
        try {
            store.close();
        } catch (RuntimeException e) {
            log.abandon();
            throw new JournalException("journal " + file + ": cannot close its MapDB file (the next open rebuilds it): "
                    + e.getMessage(), e);
        }
        try {
            log.close();
        } catch (RuntimeException e) {
            throw new JournalException("journal " + file + ": " + e.getMessage(), e);
        }
    }

    private WorkItem move(String key, WorkState next, String reason, UnaryOperator<WorkItem> update) {
        WorkItem item = require(key);
        if (!item.state().canMoveTo(next)) {
            throw new IllegalTransitionException(key, item.state(), next);
        }
        return store(item, update.apply(item.moved(next, reason, clock.instant())));
    }

    private WorkItem store(WorkItem previous, WorkItem next) {
        transact(List.of(put(next)));
        stored(previous, next);
        return next;
    }

    /** Tells the observer, at once or, inside a {@link #group}, once the group is synced. */
    private void stored(WorkItem previous, WorkItem next) {
        if (awaitingSync != null) {
            awaitingSync.add(() -> observer.stored(previous, next));
        } else {
            observer.stored(previous, next);
        }
    }

    private static JournalLog.PutItem put(WorkItem item) {
        return new JournalLog.PutItem(item.key(), WorkItemCodec.encode(item));
    }

    /**
     * Makes {@code ops} durable in the log (inside a {@link #group}, writes them for the group's sync), then applies
     * them to the MapDB file: a crash before that sync leaves the journal unclosed, so the next open rebuilds the file
     * from the log, as far as the log reached the disk, and no caller was told of those changes. Should applying fail
     * (MapDB finds its file corrupt, say), the file is rebuilt from the log, which already holds the change.
     */
    private void transact(List<JournalLog.Op> ops) {
        requireOpen();
        try {
            log.append(ops, awaitingSync == null);
            unsynced |= awaitingSync != null;
        } catch (RuntimeException e) {
            throw new JournalException("journal " + file + ": the change was not recorded: " + e.getMessage(), e);
        }
        try {
            for (JournalLog.Op op : ops) {
                apply(op);
            }
        } catch (RuntimeException e) {
            repair(e);
        }
        if (log.wantsSnapshot()) {
            snapshot();
        }
    }

    private void requireOpen() {
        if (store.isClosed()) {
            throw new JournalException("journal " + file + " is closed");
        }
    }

    private void apply(JournalLog.Op op) {
        switch (op) {
            case JournalLog.PutItem put -> {
                byte[] previous = store.items().put(put.key(), put.item());
                if (previous != null) {
                    WorkState was = WorkItemCodec.decode(previous).state();
                    store.byState().remove(JournalStore.indexKey(was, put.key()));
                    counts.merge(was, -1, Integer::sum);
                }
                WorkState now = WorkItemCodec.decode(put.item()).state();
                store.byState().put(JournalStore.indexKey(now, put.key()), Boolean.TRUE);
                counts.merge(now, 1, Integer::sum);
            }
            case JournalLog.StartHeight start -> store.startedHeights().add(start.height());
            case JournalLog.CommitHeight commit -> {
                store.startedHeights().remove(commit.height());
                if (commit.height() > store.committedHeight().get()) {
                    store.committedHeight().set(commit.height());
                }
            }
        }
    }

    private void repair(RuntimeException cause) {
        LOG.error("journal {}: its MapDB file failed; rebuilding the file from the log", file, cause);
        try {
            store.close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            rebuild(file, "MapDB failed: " + cause.getMessage(), () -> JournalRebuild.fromLog(file, log));
            store = JournalStore.open(file);
            recount();
        } catch (IOException | RuntimeException e) {
            e.addSuppressed(cause);
            throw new JournalException("journal " + file + ": the change is in the log, but the MapDB file could not "
                    + "be rebuilt (restart to retry): " + e.getMessage(), e);
        }
    }

    /** Starts the log again from the journal as it stands, so it stays near the journal's own size. */
    private void snapshot() {
        long started = System.nanoTime();
        try {
            log.writeSnapshot(store.items().entryIterator(), store.startedHeights(), store.committedHeight().get());
            LOG.info("journal {}: log restarted from a snapshot in {} ms", file, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warn("journal {}: could not write a log snapshot (will try again after the next change): {}", file,
                    e.getMessage());
        }
    }

    private List<WorkItem> inStateUncommitted(WorkState state) {
        String prefix = state.label() + ' ';
        return read(() -> {
            List<WorkItem> found = new ArrayList<>();
            for (String entry : store.indexOf(state).keySet()) {
                found.add(require(entry.substring(prefix.length())));
            }
            return found;
        });
    }

    private WorkItem find(String key) {
        return read(() -> {
            byte[] stored = store.items().get(key);
            return stored == null ? null : WorkItemCodec.decode(stored);
        });
    }

    /**
     * Runs a read of the MapDB file. Should MapDB fail, or a record it hands back not decode, or the state index name
     * an item that is not there, the file is rebuilt from the log and the read tried once more.
     */
    private <T> T read(Supplier<T> read) {
        requireOpen();
        try {
            return read.get();
        } catch (RuntimeException e) {
            repair(e);
            return read.get();
        }
    }

    private WorkItem require(String key) {
        WorkItem item = find(key);
        if (item == null) {
            throw new JournalException("no work item " + key + " in journal " + file);
        }
        return item;
    }
}
