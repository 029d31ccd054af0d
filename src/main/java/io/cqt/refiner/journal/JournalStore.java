package io.cqt.refiner.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SortedMap;
import java.util.function.Function;
import org.mapdb.Atomic;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * The journal's MapDB file: its collections, their names and layout. Written without MapDB's transactions: the
 * {@link JournalLog} is what makes a change durable, and after an unclean stop this file is rebuilt from it.
 *
 * @param items           work items by key, in {@link WorkItemCodec}'s form
 * @param byState         {@code state label + ' ' + key} for every item (values unused), so listing one state
 *                        reads only that state's entries; a map rather than a set so a rebuild can write it bottom-up
 * @param startedHeights  proof-chain heights whose events are being journaled
 * @param committedHeight the highest proof-chain height whose events are all journaled, or {@link #NONE}
 */
record JournalStore(DB db, BTreeMap<String, byte[]> items, BTreeMap<String, Boolean> byState,
        NavigableSet<Long> startedHeights, Atomic.Long committedHeight) implements AutoCloseable {
    static final long NONE = -1;
    private static final String ITEMS = "items";
    private static final String BY_STATE = "itemsByStateIndex";
    private static final String STARTED_HEIGHTS = "heightsStarted";
    private static final String COMMITTED_HEIGHT = "heightCommitted";

    /** Opens (or creates) the file. */
    static JournalStore open(Path file) {
        DB db = DBMaker.fileDB(file.toFile()).make();
        try {
            return new JournalStore(db,
                    db.treeMap(ITEMS, Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen(),
                    db.treeMap(BY_STATE, Serializer.STRING, Serializer.BOOLEAN).createOrOpen(),
                    db.treeSet(STARTED_HEIGHTS, Serializer.LONG).createOrOpen(),
                    db.atomicLong(COMMITTED_HEIGHT, NONE).createOrOpen());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Reads a journal file written before the log existed (MapDB's transactional store, the state index as a set) and
     * hands its contents to {@code into}, which writes them elsewhere.
     */
    static void readLegacy(Path file, LegacyReader into) {
        DB db = DBMaker.fileDB(file.toFile()).transactionEnable().make();
        try {
            into.read(db.treeMap(ITEMS, Serializer.STRING, Serializer.BYTE_ARRAY).open().entryIterator(),
                    db.treeSet(STARTED_HEIGHTS, Serializer.LONG).createOrOpen(),
                    db.atomicLong(COMMITTED_HEIGHT, NONE).createOrOpen().get());
        } finally {
            db.close();
        }
    }

    /** Takes a whole journal's contents: items in key order, started heights, committed height. */
    @FunctionalInterface
    interface LegacyReader {
        void read(Iterator<Map.Entry<String, byte[]>> items, NavigableSet<Long> started, long committed);
    }

    /**
     * Writes a new file holding {@code items} (in key order) and the heights, with the state index derived from
     * the items ({@code stateOf} reads one, or throws). Both trees are written bottom-up by MapDB's pump, each node
     * once: inserting sorted keys one by one rewrites the rightmost leaf for every key, some 20 times slower. The
     * index is written a state at a time in label order, re-reading the new items, so memory stays flat however
     * large the journal.
     *
     * @return how many items were written
     */
    static int write(Path file, Iterator<Map.Entry<String, byte[]>> items, Collection<Long> started, long committed,
            Function<Map.Entry<String, byte[]>, WorkState> stateOf) {
        DB db = DBMaker.fileDB(file.toFile()).make();
        try {
            DB.TreeMapSink<String, byte[]> itemSink = db.treeMap(ITEMS, Serializer.STRING, Serializer.BYTE_ARRAY)
                    .createFromSink();
            byte[] states = new byte[1024];
            int count = 0;
            while (items.hasNext()) {
                Map.Entry<String, byte[]> item = items.next();
                if (count == states.length) {
                    states = Arrays.copyOf(states, count * 2);
                }
                states[count++] = (byte) stateOf.apply(item).ordinal();
                itemSink.put(item.getKey(), item.getValue());
            }
            BTreeMap<String, byte[]> written = itemSink.create();

            DB.TreeMapSink<String, Boolean> indexSink = db.treeMap(BY_STATE, Serializer.STRING, Serializer.BOOLEAN)
                    .createFromSink();
            WorkState[] byLabel = WorkState.values();
            Arrays.sort(byLabel, Comparator.comparing(WorkState::label));
            for (WorkState state : byLabel) {
                if (!contains(states, count, (byte) state.ordinal())) {
                    continue;
                }
                int i = 0;
                for (String key : written.keySet()) {
                    if (states[i++] == state.ordinal()) {
                        indexSink.put(indexKey(state, key), Boolean.TRUE);
                    }
                }
            }
            indexSink.create();

            db.treeSet(STARTED_HEIGHTS, Serializer.LONG).createOrOpen().addAll(started);
            db.atomicLong(COMMITTED_HEIGHT, NONE).createOrOpen().set(committed);
            return count;
        } finally {
            db.close();
        }
    }

    private static boolean contains(byte[] values, int count, byte value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    static String indexKey(WorkState state, String key) {
        return state.label() + ' ' + key;
    }

    /** The index entries of {@code state}'s items. */
    SortedMap<String, Boolean> indexOf(WorkState state) {
        String prefix = state.label() + ' ';
        return byState.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
    }

    boolean isClosed() {
        return db.isClosed();
    }

    @Override
    public void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }

    /** Deletes the write-ahead log files ({@code NAME.wal.N}) a transactional MapDB store leaves beside {@code file}. */
    static void deleteLogs(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + ".wal.";
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir,
                candidate -> candidate.getFileName().toString().startsWith(prefix))) {
            for (Path log : logs) {
                Files.deleteIfExists(log);
            }
        }
    }
}
