package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.JournalException;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code refiner run --rules call-traces,state-diff} (directory mode, a child JVM) killed with SIGKILL twice in the
 * middle of its work, each time just after an item was executed or pinned (its outputs spooled, or listed in the
 * journal, but not delivered), and started again on the same data directory: the journal is rebuilt from its log,
 * and in the end every specimen is committed once with both outputs listed, each CID that of the bytes
 * {@code refine --rule} writes offline for the specimen and held by the content store, the outbox has each output
 * once, and an item already executed at a kill is not executed again.
 */
class KilledRunWithRulesTest {
    private static final List<String> RULES = List.of("call-traces", "state-diff");
    /** Each of the four Avro specimens twice, under different names. */
    private static final int ITEMS = 8;
    private static final int KILLS = 2;
    private static final Set<WorkState> BETWEEN_EXECUTION_AND_COMMIT = EnumSet.of(WorkState.EXECUTED,
            WorkState.PINNED);

    @TempDir
    Path root;

    private RefinerProcess start(String log) throws Exception {
        return RefinerProcess.start(root.resolve(log), List.of("--inbox", root.resolve("inbox").toString(),
                "--outbox", root.resolve("outbox").toString(), "--data", root.resolve("data").toString(),
                "--max-in-flight", "4", "--workers", "1", "--rules", String.join(",", RULES)));
    }

    private Path journalFile() {
        return root.resolve("data").resolve(Journal.FILE_NAME);
    }

    /** The journal's items as its log holds them now (read without its lock); empty while there is no log yet. */
    private Map<String, WorkItem> snapshot() {
        try {
            Map<String, WorkItem> items = new TreeMap<>();
            Journal.snapshot(journalFile()).items().forEach(item -> items.put(item.key(), item));
            return items;
        } catch (JournalException e) {
            return Map.of();
        }
    }

    /**
     * Kills {@code run} as soon as the journal shows an item this run moved to executed or pinned; returns the
     * journal's items after the kill.
     */
    private Map<String, WorkItem> killBetweenExecutionAndCommit(RefinerProcess run, Map<String, WorkItem> before)
            throws Exception {
        run.awaitLog("an item executed or pinned by this run", log -> snapshot().values().stream()
                .anyMatch(item -> BETWEEN_EXECUTION_AND_COMMIT.contains(item.state())
                        && !item.equals(before.get(item.key()))), 300, 10);
        run.kill();
        return snapshot();
    }

    @Test
    void killedTwiceMidWorkEverySpecimenEndsWithAllItsOutputsOnce() throws Exception {
        long started = System.nanoTime();
        Map<String, Path> dropped = RefinerProcess.drop(root.resolve("inbox"), ITEMS);
        List<String> committed = new ArrayList<>();
        List<String> caught = new ArrayList<>();
        Map<String, WorkItem> atKill = Map.of();
        for (int kill = 0; kill < KILLS; kill++) {
            try (RefinerProcess run = start("killed-" + kill + ".log")) {
                Map<String, WorkItem> before = atKill;
                atKill = killBetweenExecutionAndCommit(run, before);
                committed.addAll(run.committed());
                if (kill > 0) {
                    assertTrue(run.log().contains("rebuilding its MapDB file from the log, it was not closed cleanly"),
                            "the restart after a kill rebuilt the journal from its log:\n" + run.log());
                    assertNotExecutedAgain(run, before);
                }
            }
            String context = "kill " + kill + ": " + states(atKill);
            assertTrue(atKill.size() < ITEMS || atKill.values().stream().anyMatch(item -> !item.isFinished()),
                    "killed mid-work: " + context);
            atKill.values().stream().filter(item -> BETWEEN_EXECUTION_AND_COMMIT.contains(item.state()))
                    .forEach(item -> caught.add(item.key() + "@" + item.state().label()));
            // An item pinned at the kill lists both outputs already, from the journal's log.
            atKill.values().stream().filter(item -> item.state() == WorkState.PINNED).forEach(item ->
                    assertEquals(RULES, List.copyOf(item.outputs().keySet()), item.toString()));
        }
        assertFalse(caught.isEmpty(), "no kill caught an item between its execution and its commit");

        Map<String, WorkItem> lastKill = atKill;
        try (RefinerProcess last = start("restarted.log")) {
            last.awaitLog("every item committed", log -> {
                Map<String, WorkItem> now = snapshot();
                return now.size() == ITEMS && now.values().stream().allMatch(i -> i.state() == WorkState.COMMITTED);
            }, 300);
            assertTrue(last.log().contains("rebuilding its MapDB file from the log, it was not closed cleanly"),
                    last.log());
            assertNotExecutedAgain(last, lastKill);
            assertEquals(143, last.terminate(120));
            committed.addAll(last.committed());
        }
        // A commit logged is a commit made; one made just before a kill may have missed its log line.
        assertEquals(new HashSet<>(committed).size(), committed.size(), "an item committed twice: " + committed);

        Map<Path, Refined.Offline> offline = Refined.refineOffline(root, dropped.values(), RULES);
        for (Map.Entry<Path, Refined.Offline> specimen : offline.entrySet()) {
            for (String rule : RULES) {
                Refined.assertOneEnvelopePerTransaction(specimen.getKey(), rule,
                        specimen.getValue().outputs().get(rule));
            }
        }
        List<WorkItem> items = Refined.assertEveryItemWithOutputs(root.resolve("data"), root.resolve("outbox"),
                dropped, offline, RULES);
        assertEquals(Refined.outputsByKey(items), Refined.journalListOutputs(root.resolve("data"),
                root.resolve("journal-list.log")), "journal list --json shows each item's outputs");
        System.out.printf("%s: caught between execution and commit: %s; %d s%n", getClass().getSimpleName(), caught,
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    /** Items executed (or further) at the kill are resumed from the spool or the journal, not executed again. */
    private static void assertNotExecutedAgain(RefinerProcess run, Map<String, WorkItem> atKill) throws Exception {
        Set<String> done = atKill.values().stream()
                .filter(item -> item.state() != WorkState.DISCOVERED && item.state() != WorkState.FETCHED)
                .map(WorkItem::key).collect(Collectors.toSet());
        List<String> again = run.executed().stream().filter(done::contains).toList();
        assertEquals(List.of(), again, "executed again though executed before the kill (" + states(atKill) + ")");
    }

    private static Map<String, String> states(Map<String, WorkItem> items) {
        Map<String, String> states = new TreeMap<>();
        items.forEach((key, item) -> states.put(key, item.state().label()));
        return states;
    }
}
