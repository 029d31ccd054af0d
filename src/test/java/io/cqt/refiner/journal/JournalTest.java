package io.cqt.refiner.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Hash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal on a real MapDB file: transitions, durability across close and crash, resume and retry. */
class JournalTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Hash SPECIMEN = Hash.fromHex("0x" + "a1".repeat(32));
    private static final Hash RESULT = Hash.fromHex("0x" + "5e".repeat(32));
    private static final Hash TX = Hash.fromHex("0x" + "7c".repeat(32));

    @TempDir
    Path dir;

    /** One clock across reopenings, as a real process sees time go on. */
    private final SteppingClock clock = new SteppingClock(T0);

    private Path file() {
        return dir.resolve("data").resolve(Journal.FILE_NAME);
    }

    private Journal open() {
        return Journal.open(file(), clock);
    }

    private WorkState stateAfterReopen(String key) {
        try (Journal journal = open()) {
            return journal.get(key).orElseThrow().state();
        }
    }

    @Test
    void everyStepIsDurableBeforeTheNextOne() {
        String key = "1_100_aa_bb";
        try (Journal journal = open()) {
            journal.discover(key, 100, SPECIMEN, null);
        }
        assertEquals(WorkState.DISCOVERED, stateAfterReopen(key));
        try (Journal journal = open()) {
            journal.fetched(key, "ipfs://specimen");
        }
        assertEquals(WorkState.FETCHED, stateAfterReopen(key));
        try (Journal journal = open()) {
            journal.executed(key, RESULT);
        }
        assertEquals(WorkState.EXECUTED, stateAfterReopen(key));
        try (Journal journal = open()) {
            journal.pinned(key, "bafyresult");
        }
        assertEquals(WorkState.PINNED, stateAfterReopen(key));
        try (Journal journal = open()) {
            journal.proving(key, TX);
        }
        assertEquals(WorkState.PROVING, stateAfterReopen(key));
        try (Journal journal = open()) {
            journal.committed(key);
        }
        try (Journal journal = open()) {
            WorkItem item = journal.get(key).orElseThrow();
            assertEquals(WorkState.COMMITTED, item.state());
            assertEquals(100, item.blockHeight());
            assertEquals(SPECIMEN, item.specimenHash());
            assertEquals("ipfs://specimen", item.specimenUrl());
            assertEquals(RESULT, item.resultHash());
            assertEquals("bafyresult", item.resultCid());
            assertEquals(TX, item.proofTxHash());
            assertEquals(0, item.attempts());
            assertNull(item.reason());
            assertEquals(T0, item.createdAt());
            assertTrue(item.updatedAt().isAfter(item.createdAt()));
        }
    }

    @Test
    void discoveringAKnownKeyChangesNothing() {
        try (Journal journal = open()) {
            journal.discover("k", 5, SPECIMEN, "ipfs://a");
            journal.fetched("k", "ipfs://a");
            WorkItem again = journal.discover("k", 5, SPECIMEN, "ipfs://b");
            assertEquals(WorkState.FETCHED, again.state());
            assertEquals("ipfs://a", again.specimenUrl());
            assertEquals(1, journal.all().size());
        }
    }

    @Test
    void illegalTransitionNamesBothStatesAndWritesNothing() {
        try (Journal journal = open()) {
            journal.discover("k", 1, SPECIMEN, null);
            journal.fetched("k", null);
            journal.executed("k", RESULT);
            journal.pinned("k", "bafy");
            IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                    () -> journal.fetched("k", null));
            assertEquals("work item k cannot move from pinned to fetched", e.getMessage());
            assertEquals(WorkState.PINNED, e.from());
            assertEquals(WorkState.FETCHED, e.to());
            journal.committed("k");
            assertThrows(IllegalTransitionException.class, () -> journal.aborted("k", "late"));
            assertThrows(IllegalTransitionException.class, () -> journal.proving("k", TX));
        }
        assertEquals(WorkState.COMMITTED, stateAfterReopen("k"));
    }

    @Test
    void skippingAndProvingRules() {
        try (Journal journal = open()) {
            journal.discover("k", 1, SPECIMEN, null);
            assertThrows(IllegalTransitionException.class, () -> journal.executed("k", RESULT), "no skipping fetch");
            assertThrows(IllegalTransitionException.class, () -> journal.committed("k"), "no commit before pin");
            journal.fetched("k", null);
            journal.executed("k", RESULT);
            journal.pinned("k", "bafy");
            journal.proving("k", TX);
            Hash replacement = Hash.fromHex("0x" + "7d".repeat(32));
            assertEquals(replacement, journal.proving("k", replacement).proofTxHash(), "a dropped tx is replaced");
        }
    }

    @Test
    void aProofFoundOnChainCommitsFromAnyUnfinishedStepWithItsTransaction() {
        try (Journal journal = open()) {
            journal.discover("k", 1, SPECIMEN, null);
            WorkItem done = journal.committedOnChain("k", TX);
            assertEquals(WorkState.COMMITTED, done.state());
            assertEquals(TX, done.proofTxHash());
            assertThrows(IllegalTransitionException.class, () -> journal.committedOnChain("k", TX), "twice");
            journal.discover("s", 2, SPECIMEN, null);
            journal.skipped("s", "closed");
            assertThrows(IllegalTransitionException.class, () -> journal.committedOnChain("s", TX), "after a skip");
        }
        try (Journal reopened = open()) {
            assertEquals(TX, reopened.get("k").orElseThrow().proofTxHash(), "kept across a restart");
        }
    }

    @Test
    void unknownKeyIsAClearError() {
        try (Journal journal = open()) {
            JournalException e = assertThrows(JournalException.class, () -> journal.fetched("nope", null));
            assertTrue(e.getMessage().startsWith("no work item nope in journal "), e.getMessage());
        }
    }

    @Test
    void resumeListsUnfinishedItemsLowestBlockFirst() {
        try (Journal journal = open()) {
            journal.discover("c", 30, SPECIMEN, null);
            journal.discover("a", 10, SPECIMEN, null);
            journal.discover("b", 20, SPECIMEN, null);
            journal.discover("d", 5, SPECIMEN, null);
            journal.discover("e", 6, SPECIMEN, null);
            journal.fetched("b", null);
            journal.skipped("d", "Session submissions have closed");
            journal.aborted("e", "Invalid result hash");
        }
        try (Journal journal = open()) {
            assertEquals(List.of("a", "b", "c"), journal.unfinished().stream().map(WorkItem::key).toList());
            assertEquals(List.of("a", "c"), journal.inState(WorkState.DISCOVERED).stream().map(WorkItem::key)
                    .toList());
            assertEquals(List.of("e"), journal.inState(WorkState.ABORTED).stream().map(WorkItem::key).toList());
            WorkItem skipped = journal.get("d").orElseThrow();
            assertEquals("Session submissions have closed", skipped.reason());
            assertEquals(5, journal.all().size());
        }
    }

    @Test
    void failedAttemptsAreCountedWithoutMovingTheItem() {
        try (Journal journal = open()) {
            journal.discover("k", 1, SPECIMEN, null);
            journal.failedAttempt("k", "pinner timed out");
            WorkItem item = journal.failedAttempt("k", "pinner timed out again");
            assertEquals(WorkState.DISCOVERED, item.state());
            assertEquals(2, item.attempts());
            assertEquals("pinner timed out again", item.reason());
            assertEquals(null, journal.fetched("k", null).reason(), "a successful step clears the reason");
        }
    }

    @Test
    void retrySendsAbortedItemsBackToTheStart() {
        try (Journal journal = open()) {
            for (String key : List.of("x", "y", "z")) {
                journal.discover(key, 1, SPECIMEN, null);
                journal.fetched(key, null);
                journal.executed(key, RESULT);
            }
            journal.aborted("x", "Invalid storage URL");
            journal.aborted("y", "Invalid result hash");
        }
        try (Journal journal = open()) {
            WorkItem x = journal.retry("x");
            assertEquals(WorkState.DISCOVERED, x.state());
            assertEquals(1, x.attempts());
            assertNull(x.reason());
            assertNull(x.resultHash(), "a retry recomputes the result");
            JournalException notRetryable = assertThrows(JournalException.class, () -> journal.retry("z"));
            assertEquals("work item z is executed; only abort and skip items can be retried",
                    notRetryable.getMessage());
            assertThrows(JournalException.class, () -> journal.retryAll(WorkState.PINNED));
        }
        try (Journal journal = open()) {
            List<WorkItem> retried = journal.retryAll(WorkState.ABORTED);
            assertEquals(List.of("y"), retried.stream().map(WorkItem::key).toList());
            assertTrue(journal.inState(WorkState.ABORTED).isEmpty());
        }
        try (Journal journal = open()) {
            assertEquals(List.of("x", "y"), journal.inState(WorkState.DISCOVERED).stream().map(WorkItem::key)
                    .toList());
        }
    }

    @Test
    void proofChainHeightsStartedAndCommitted() {
        try (Journal journal = open()) {
            assertEquals(OptionalLong.empty(), journal.lowestUnfinishedHeight());
            assertEquals(OptionalLong.empty(), journal.highestCommittedHeight());
            journal.startHeight(100);
            journal.startHeight(101);
            journal.startHeight(102);
            journal.commitHeight(100);
            journal.commitHeight(102);
        }
        try (Journal journal = open()) {
            assertEquals(OptionalLong.of(101), journal.lowestUnfinishedHeight());
            assertEquals(OptionalLong.of(102), journal.highestCommittedHeight());
            journal.commitHeight(101);
            assertEquals(OptionalLong.empty(), journal.lowestUnfinishedHeight());
            assertEquals(OptionalLong.of(102), journal.highestCommittedHeight(), "the highest stays the highest");
        }
    }

    @Test
    void secondOpenerInTheSameProcessIsRefused() {
        try (Journal journal = open()) {
            journal.discover("k", 1, SPECIMEN, null);
            JournalException e = assertThrows(JournalException.class, this::open);
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        assertEquals(WorkState.DISCOVERED, stateAfterReopen("k"));
    }

    @Test
    void survivesAKilledProcessAndRefusesToShareTheFileWhileItLives() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                JournalCrashChild.class.getName(), file().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line = lines.readLine();
            assertEquals("READY", line, "the child journaled its steps");

            JournalException inUse = assertThrows(JournalException.class, this::open);
            assertTrue(inUse.getMessage().contains("is in use by another process"), inUse.getMessage());

            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child died");
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        try (Journal journal = open()) {
            WorkItem item = journal.get("1_100_aa_bb").orElseThrow();
            assertEquals(WorkState.EXECUTED, item.state());
            assertEquals(JournalCrashChild.RESULT, item.resultHash());
            assertEquals(List.of("1_100_aa_bb", "1_101_aa_cc"),
                    journal.unfinished().stream().map(WorkItem::key).toList());
            assertEquals(OptionalLong.of(7), journal.lowestUnfinishedHeight());
            assertEquals(OptionalLong.of(6), journal.highestCommittedHeight());
            journal.pinned("1_100_aa_bb", "bafy");
        }
        assertEquals(WorkState.PINNED, stateAfterReopen("1_100_aa_bb"));
    }

    @Test
    void parsesStateLabelsAndNames() {
        assertEquals(WorkState.ABORTED, WorkState.parse("abort"));
        assertEquals(WorkState.ABORTED, WorkState.parse("ABORTED"));
        assertEquals(WorkState.COMMITTED, WorkState.parse("commit"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkState.parse("done"));
        assertTrue(e.getMessage().contains("one of discover, fetched, executed, pinned, proving, commit, skip, abort"),
                e.getMessage());
    }

    @Test
    void aCorruptFileIsAClearError() throws IOException {
        java.nio.file.Files.createDirectories(file().getParent());
        java.nio.file.Files.writeString(file(), "this is not a MapDB file, just some text that is long enough");
        JournalException e = assertThrows(JournalException.class, this::open);
        assertTrue(e.getMessage().startsWith("cannot open journal "), e.getMessage());
    }
}
