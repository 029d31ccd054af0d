package io.cqt.refiner.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * How the journal comes back from what a crash or a disk leaves: a stop without close, a record torn at the log's
 * end, a damaged MapDB file (at open and while running), a damaged log, snapshots, and a journal from before the log.
 * The killed-process case itself is {@link JournalCrashTest}.
 */
class JournalRecoveryTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final SteppingClock clock = new SteppingClock(T0);

    private Path file() {
        return dir.resolve(Journal.FILE_NAME);
    }

    private Journal open() {
        return Journal.open(file(), clock);
    }

    /** Stops as a killed process would: nothing flushed or marked closed beyond what each change already synced. */
    private static void crash(Journal journal) {
        journal.store().close();
        journal.log().abandon();
    }

    private static void runHeights(Journal journal, long from, long to) {
        for (long height = from; height <= to; height++) {
            JournalHammerChild.step(journal, height);
        }
    }

    @Test
    void aStopWithoutCloseRebuildsTheFileFromTheLog() {
        Journal journal = open();
        runHeights(journal, 1, 30);
        journal.discover(JournalHammerChild.key(31), 31, JournalHammerChild.HASH, null);
        crash(journal);

        try (Journal reopened = open()) {
            assertEquals(31, JournalHammerChild.verify(reopened));
            assertEquals(WorkState.DISCOVERED, reopened.get(JournalHammerChild.key(31)).orElseThrow().state());
            assertEquals(OptionalLong.of(30), reopened.highestCommittedHeight());
            runHeights(reopened, 31, 35);
        }
        try (Journal reopened = open()) {
            assertEquals(36, JournalHammerChild.verify(reopened));
        }
    }

    @Test
    void aRecordTornAtTheLogsEndIsCutOffAndNothingElseIsLost() throws IOException {
        Journal journal = open();
        runHeights(journal, 1, 10);
        crash(journal);
        Path log = JournalLog.logFile(file());
        long whole = Files.size(log);
        try (FileChannel out = FileChannel.open(log, StandardOpenOption.APPEND)) {
            // a record header promising 400 bytes, and only some of them: the write the kill interrupted
            out.write(ByteBuffer.allocate(40).putInt(400).putInt(0x1234).put(new byte[32]).flip());
        }

        try (Journal reopened = open()) {
            assertEquals(11, JournalHammerChild.verify(reopened));
            assertEquals(whole, Files.size(log), "the torn record is cut off");
            runHeights(reopened, 11, 12);
            crash(reopened);
        }
        try (Journal reopened = open()) {
            assertEquals(13, JournalHammerChild.verify(reopened), "changes after the cut read back");
        }
    }

    @Test
    void aDamagedMapDbFileIsRebuiltFromTheLog() throws IOException {
        Journal journal = open();
        runHeights(journal, 1, 20);
        crash(journal);
        byte[] garbage = new byte[(int) Files.size(file())];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        Files.write(file(), garbage);

        try (Journal reopened = open()) {
            assertEquals(21, JournalHammerChild.verify(reopened));
            assertEquals(20, reopened.all().size());
        }
    }

    @Test
    void aMapDbFailureWhileRunningRebuildsTheFileAndTheChangeStands() {
        try (Journal journal = open()) {
            runHeights(journal, 1, 5);
            String key = JournalHammerChild.key(6);
            journal.discover(key, 6, JournalHammerChild.HASH, null);
            // the file goes bad under the journal: the stored item no longer decodes
            journal.store().items().put(key, new byte[] {99, 1, 2});

            WorkItem fetched = journal.fetched(key, "ipfs://specimen");

            assertEquals(WorkState.FETCHED, fetched.state());
            assertEquals(WorkState.FETCHED, journal.get(key).orElseThrow().state(), "read back from the rebuilt file");
            assertEquals(List.of(key), journal.inState(WorkState.FETCHED).stream().map(WorkItem::key).toList());
            runHeights(journal, 6, 8);
        }
        try (Journal reopened = open()) {
            assertEquals(9, JournalHammerChild.verify(reopened));
        }
    }

    @Test
    void snapshotsKeepTheLogNearTheJournalsSizeAndLoseNothing() throws IOException {
        long threshold = 16 * 1024;
        Journal journal = Journal.open(file(), Clock.systemUTC(), JournalObserver.NONE, threshold);
        long written = 0;
        for (long height = 1; height <= 400; height++) {
            JournalHammerChild.step(journal, height);
            written += JournalHammerChild.key(height).length() + WorkItemCodec.encode(
                    journal.get(JournalHammerChild.key(height)).orElseThrow()).length;
        }
        long logSize = Files.size(JournalLog.logFile(file()));
        journal.discover(JournalHammerChild.key(401), 401, JournalHammerChild.HASH, "ipfs://a");
        crash(journal);

        // each item was written 6 to 8 times; the log holds about one copy of each, framed, and the latest changes
        long oneCopy = written + 400 * 20;
        assertTrue(logSize < oneCopy + threshold + 1024, "log of " + logSize + " bytes, one copy " + oneCopy);
        try (Journal reopened = Journal.open(file(), Clock.systemUTC(), JournalObserver.NONE, threshold)) {
            assertEquals(401, JournalHammerChild.verify(reopened));
            assertEquals("ipfs://a", reopened.get(JournalHammerChild.key(401)).orElseThrow().specimenUrl());
        }
    }

    @Test
    void aLogDamagedInsideItsSnapshotIsAClearErrorAndTouchesNothing() throws IOException {
        Journal journal = Journal.open(file(), Clock.systemUTC(), JournalObserver.NONE, 4 * 1024);
        runHeights(journal, 1, 100);
        crash(journal);
        Path log = JournalLog.logFile(file());
        byte[] bytes = Files.readAllBytes(log);
        long snapshotEnd = ByteBuffer.wrap(bytes, 8, 8).getLong();
        assertTrue(snapshotEnd > 1000, "a snapshot was written");
        bytes[(int) snapshotEnd / 2] ^= 0x40;
        Files.write(log, bytes);

        JournalException e = assertThrows(JournalException.class, this::open);
        assertTrue(e.getMessage().contains("damaged inside its snapshot"), e.getMessage());
        assertTrue(Files.exists(file()));
        assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(log)), "the log is left as it was");
    }

    @Test
    void aJournalFromBeforeTheLogIsCarriedOver() {
        WorkItem done = new WorkItem("1_5_aa", 5, JournalHammerChild.HASH, "ipfs://s", WorkState.COMMITTED, null, 0,
                JournalHammerChild.HASH, "bafy", JournalHammerChild.HASH, null, null, null, T0, T0);
        WorkItem open = new WorkItem("1_6_bb", 6, JournalHammerChild.HASH, null, WorkState.PINNED, null, 2,
                JournalHammerChild.HASH, "bafy6", null, "authorization list", null, null, T0, T0);
        DB legacy = DBMaker.fileDB(file().toFile()).transactionEnable().make();
        BTreeMap<String, byte[]> items = legacy.treeMap("items", Serializer.STRING, Serializer.BYTE_ARRAY).create();
        NavigableSet<String> byState = legacy.treeSet("itemsByState", Serializer.STRING).create();
        for (WorkItem item : List.of(done, open)) {
            items.put(item.key(), WorkItemCodec.encode(item));
            byState.add(item.state().label() + ' ' + item.key());
        }
        legacy.treeSet("heightsStarted", Serializer.LONG).create().add(7L);
        legacy.atomicLong("heightCommitted", -1).create().set(6);
        legacy.commit();
        legacy.close();
        assertFalse(Files.exists(JournalLog.logFile(file())));

        try (Journal journal = open()) {
            assertEquals(List.of(done, open), journal.all());
            assertEquals(List.of(open), journal.unfinished());
            Map<WorkState, Integer> counts = journal.countByState();
            assertEquals(1, counts.get(WorkState.COMMITTED));
            assertEquals(1, counts.get(WorkState.PINNED));
            assertEquals(OptionalLong.of(7), journal.lowestUnfinishedHeight());
            assertEquals(OptionalLong.of(6), journal.highestCommittedHeight());
            journal.proving("1_6_bb", JournalHammerChild.HASH);
        }
        assertTrue(Files.exists(JournalLog.logFile(file())));
        try (Journal journal = open()) {
            assertEquals(WorkState.PROVING, journal.get("1_6_bb").orElseThrow().state());
        }
    }

    /** The observer's calls, recorded as "previous → next" labels. */
    private static final class Recorded implements JournalObserver {
        final List<String> stored = new java.util.ArrayList<>();

        @Override
        public void stored(WorkItem previous, WorkItem next) {
            stored.add((previous == null ? "new" : previous.state().label()) + " → " + next.state().label());
        }

        @Override
        public void read(Read read, long nanos) {
        }
    }

    @Test
    void aGroupRunsItsStepsInOrderFailsABadStepAloneAndTellsTheObserverAfterItsSync() {
        Recorded observer = new Recorded();
        Journal journal = Journal.open(file(), clock, observer);
        List<Journal.Outcome> outcomes = journal.group(List.<java.util.function.Function<Journal, ?>>of(
                j -> j.discover("a", 1, JournalHammerChild.HASH, null),
                j -> j.fetched("a", "ipfs://a"),
                j -> j.committed("a"),
                j -> j.discover("b", 2, JournalHammerChild.HASH, null),
                j -> observer.stored.size()));
        assertEquals(WorkState.DISCOVERED, ((WorkItem) outcomes.get(0).value()).state());
        assertEquals(WorkState.FETCHED, ((WorkItem) outcomes.get(1).value()).state());
        assertTrue(outcomes.get(2).failure() instanceof IllegalTransitionException, outcomes.get(2).toString());
        assertEquals(WorkState.DISCOVERED, ((WorkItem) outcomes.get(3).value()).state());
        assertEquals(0, outcomes.get(4).value(), "the observer hears nothing before the group's sync");
        assertEquals(List.of("new → discover", "discover → fetched", "new → discover"), observer.stored);
        crash(journal);

        try (Journal reopened = open()) {
            assertEquals(WorkState.FETCHED, reopened.get("a").orElseThrow().state());
            assertEquals(WorkState.DISCOVERED, reopened.get("b").orElseThrow().state());
        }
    }

    @Test
    void aFailedGroupSyncFailsEveryStepStopsTheJournalAndTheNextOpenRebuilds() {
        Journal journal = open();
        journal.discover("a", 1, JournalHammerChild.HASH, null);
        List<Journal.Outcome> outcomes = journal.group(List.<java.util.function.Function<Journal, ?>>of(
                j -> j.fetched("a", "ipfs://a"),
                j -> {
                    // The disk goes away under the log: its sync fails.
                    j.log().abandon();
                    return null;
                }));
        for (Journal.Outcome outcome : outcomes) {
            assertTrue(outcome.failure() instanceof JournalException, outcome.toString());
            assertTrue(outcome.failure().getMessage().contains("not recorded"), outcome.failure().getMessage());
        }
        JournalException refused = assertThrows(JournalException.class,
                () -> journal.discover("b", 2, JournalHammerChild.HASH, null));
        assertTrue(refused.getMessage().contains("restart"), refused.getMessage());
        crash(journal);

        try (Journal reopened = open()) {
            WorkState a = reopened.get("a").orElseThrow().state();
            assertTrue(a == WorkState.DISCOVERED || a == WorkState.FETCHED, a.label());
            assertTrue(reopened.get("b").isEmpty());
            reopened.discover("b", 2, JournalHammerChild.HASH, null);
        }
    }
}
