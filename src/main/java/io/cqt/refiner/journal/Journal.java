package io.cqt.refiner.journal;

import io.cqt.refiner.types.Hash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The durable record of work items and proof-chain heights, in one MapDB file with a write-ahead log. Every
 * change is committed before its method returns, so a step recorded here survives a crash and the next step may
 * start. One process at a time: a second one opening the same file gets a {@link JournalException}. All methods
 * are synchronized; the pipeline calls them from one worker thread anyway (MapDB writes block).
 */
public final class Journal implements AutoCloseable {
    /** The journal's file name inside the data directory. */
    public static final String FILE_NAME = "journal.db";
    private static final long NONE = -1;

    private final Path file;
    private final Clock clock;
    private final DB db;
    private final BTreeMap<String, byte[]> items;
    /** {@code state label + ' ' + key} for every item, so listing one state reads only that state's items. */
    private final NavigableSet<String> byState;
    private final NavigableSet<Long> startedHeights;
    private final Atomic.Long committedHeight;
    private final JournalObserver observer;

    private Journal(Path file, Clock clock, DB db, JournalObserver observer) {
        this.file = file;
        this.clock = clock;
        this.db = db;
        this.observer = observer;
        this.items = db.treeMap("items", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
        this.byState = db.treeSet("itemsByState", Serializer.STRING).createOrOpen();
        this.startedHeights = db.treeSet("heightsStarted", Serializer.LONG).createOrOpen();
        this.committedHeight = db.atomicLong("heightCommitted", NONE).createOrOpen();
        db.commit();
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

    /** Opens the journal file, creating it (and its directory) when absent; after a crash the log is replayed. */
    public static Journal open(Path file, Clock clock, JournalObserver observer) {
        DB db;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        } catch (DBException.FileLocked e) {
            throw new JournalException("journal " + file + " is in use by another process (is `refiner run` "
                    + "running?)", e);
        } catch (java.io.IOException | RuntimeException e) {
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
        try {
            return new Journal(file, clock, db, observer);
        } catch (RuntimeException e) {
            db.close();
            throw new JournalException("cannot open journal " + file + ": " + e.getMessage(), e);
        }
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
                null, null, null, null, clock.instant(), clock.instant());
        return store(null, item);
    }

    /** The specimen was fetched from {@code specimenUrl} (which may only now be known). */
    public synchronized WorkItem fetched(String key, String specimenUrl) {
        return move(key, WorkState.FETCHED, null, item -> item.withSpecimenUrl(specimenUrl));
    }

    public synchronized WorkItem executed(String key, Hash resultHash) {
        return executed(key, resultHash, null);
    }

    /**
     * As {@link #executed(String, Hash)}, for a result the loss policy let through: it differs from the header only
     * where the specimen's known {@code loss} explains it (null: a verified result). The flag stays on the item.
     */
    public synchronized WorkItem executed(String key, Hash resultHash, String loss) {
        return move(key, WorkState.EXECUTED, null, item -> item.withResultHash(resultHash).withLossy(loss));
    }

    public synchronized WorkItem pinned(String key, String resultCid) {
        return move(key, WorkState.PINNED, null, item -> item.withResultCid(resultCid));
    }

    /** Call <em>before</em> sending the signed proof transaction whose hash this is. */
    public synchronized WorkItem proving(String key, Hash proofTxHash) {
        return move(key, WorkState.PROVING, null, item -> item.withProofTxHash(proofTxHash));
    }

    /** The proof is on chain: mined, or the contract answered "already submitted". */
    public synchronized WorkItem committed(String key) {
        return move(key, WorkState.COMMITTED, null, UnaryOperator.identity());
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
        List<WorkItem> retried = new ArrayList<>();
        List<WorkItem> before = inStateUncommitted(state);
        try {
            for (WorkItem item : before) {
                WorkItem next = item.restarted(clock.instant());
                write(item, next);
                retried.add(next);
            }
            db.commit();
        } catch (RuntimeException e) {
            rollback(e);
        }
        for (int i = 0; i < retried.size(); i++) {
            observer.stored(before.get(i), retried.get(i));
        }
        return retried;
    }

    public synchronized Optional<WorkItem> get(String key) {
        return Optional.ofNullable(find(key));
    }

    /** Every item, by key. */
    public synchronized List<WorkItem> all() {
        List<WorkItem> all = new ArrayList<>(items.size());
        for (Map.Entry<String, byte[]> entry : items.entrySet()) {
            all.add(WorkItemCodec.decode(entry.getValue()));
        }
        return all;
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
        try {
            startedHeights.add(height);
            db.commit();
        } catch (RuntimeException e) {
            rollback(e);
        }
    }

    /** Every event of proof-chain block {@code height} is journaled. */
    public synchronized void commitHeight(long height) {
        try {
            startedHeights.remove(height);
            if (height > committedHeight.get()) {
                committedHeight.set(height);
            }
            db.commit();
        } catch (RuntimeException e) {
            rollback(e);
        }
    }

    /** The lowest proof-chain height started and not committed: where the listener resumes after a crash. */
    public synchronized OptionalLong lowestUnfinishedHeight() {
        long started = System.nanoTime();
        OptionalLong lowest = startedHeights.isEmpty() ? OptionalLong.empty() : OptionalLong.of(startedHeights.first());
        observer.read(JournalObserver.Read.LAST, System.nanoTime() - started);
        return lowest;
    }

    public synchronized OptionalLong highestCommittedHeight() {
        long started = System.nanoTime();
        long height = committedHeight.get();
        observer.read(JournalObserver.Read.LAST, System.nanoTime() - started);
        return height == NONE ? OptionalLong.empty() : OptionalLong.of(height);
    }

    /** How many items are in each state, read from the state index alone (no item is decoded). */
    public synchronized Map<WorkState, Integer> countByState() {
        Map<WorkState, Integer> counts = new EnumMap<>(WorkState.class);
        for (WorkState state : WorkState.values()) {
            String prefix = state.label() + ' ';
            counts.put(state, byState.subSet(prefix, true, prefix + Character.MAX_VALUE, false).size());
        }
        return counts;
    }

    /** False once closed. */
    public synchronized boolean isOpen() {
        return !db.isClosed();
    }

    @Override
    public synchronized void close() {
        if (!db.isClosed()) {
            db.close();
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
        try {
            write(previous, next);
            db.commit();
        } catch (RuntimeException e) {
            rollback(e);
        }
        observer.stored(previous, next);
        return next;
    }

    private void write(WorkItem previous, WorkItem next) {
        items.put(next.key(), WorkItemCodec.encode(next));
        if (previous != null) {
            byState.remove(indexKey(previous.state(), previous.key()));
        }
        byState.add(indexKey(next.state(), next.key()));
    }

    private void rollback(RuntimeException cause) {
        try {
            db.rollback();
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
        if (cause instanceof JournalException journal) {
            throw journal;
        }
        throw new JournalException("journal " + file + ": " + cause.getMessage(), cause);
    }

    private List<WorkItem> inStateUncommitted(WorkState state) {
        String prefix = state.label() + ' ';
        List<WorkItem> found = new ArrayList<>();
        for (String entry : byState.subSet(prefix, true, prefix + Character.MAX_VALUE, false)) {
            found.add(require(entry.substring(prefix.length())));
        }
        return found;
    }

    private static String indexKey(WorkState state, String key) {
        return state.label() + ' ' + key;
    }

    private WorkItem find(String key) {
        byte[] stored = items.get(key);
        return stored == null ? null : WorkItemCodec.decode(stored);
    }

    private WorkItem require(String key) {
        WorkItem item = find(key);
        if (item == null) {
            throw new JournalException("no work item " + key + " in journal " + file);
        }
        return item;
    }
}
