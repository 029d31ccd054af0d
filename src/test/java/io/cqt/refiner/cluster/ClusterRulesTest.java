package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.JournalException;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code refiner run --cluster --rules call-traces,state-diff} nodes sharing a data directory. What the cluster
 * carries of the rules: the outputs' bytes travel over the event bus (the work-message codec) from the node that
 * executed a block to the leader; work items (format 4, with their outputs' CIDs) never do: they live in the journal
 * on the shared data directory, which one leader at a time opens. So: node a leads while node b executes blocks for
 * it; then a is stopped (SIGTERM) with items in flight, which it leaves at their last step, and b takes the lock,
 * opens a's journal and finishes them. Every item ends committed once with both outputs listed (the CIDs of the
 * bytes {@code refine --rule} writes offline), and {@code refiner journal list --json} shows them, both from the
 * log while b holds the journal and from the journal itself once b has stopped.
 */
class ClusterRulesTest {
    private static final List<String> RULES = List.of("call-traces", "state-diff");
    /**
     * Each of the four Avro specimens three times, under different names: enough that items are still arriving, and
     * so in execution, when a first commits a block b executed.
     */
    private static final int ITEMS = 12;
    private static final String LEADS = "this node leads the cluster";
    private static final Pattern STOPPED_AT = Pattern.compile("(file:\\S+): stopped at (\\w+); resumes");
    private static final Pattern TRANSITION = Pattern.compile("transitions - (file:\\S+): \\w+ \u2192 (\\w+)");

    @TempDir
    Path root;

    private RefinerProcess node(String name, int port, String members) throws Exception {
        return RefinerProcess.start(root.resolve(name + ".log"), List.of("--inbox", root.resolve("inbox").toString(),
                "--outbox", root.resolve("outbox").toString(), "--data", root.resolve("data").toString(),
                "--max-in-flight", "4", "--workers", "1", "--rules", String.join(",", RULES),
                "--cluster", "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(port),
                "--cluster-members", members));
    }

    /** Each item's last journal state in a node's log. */
    private static Map<String, String> lastStates(String log) {
        Map<String, String> states = new HashMap<>();
        Matcher transition = TRANSITION.matcher(log);
        while (transition.find()) {
            states.put(transition.group(1), transition.group(2));
        }
        return states;
    }

    private Map<String, WorkItem> snapshot() {
        try {
            Map<String, WorkItem> items = new TreeMap<>();
            Journal.snapshot(root.resolve("data").resolve(Journal.FILE_NAME)).items()
                    .forEach(item -> items.put(item.key(), item));
            return items;
        } catch (JournalException e) {
            return Map.of();
        }
    }

    @Test
    void outputsMadeOnEitherNodeAreListedAndTheNextLeaderFinishesTheItemsOfTheFirst() throws Exception {
        long started = System.nanoTime();
        int[] ports = {RefinerProcess.freePort(), RefinerProcess.freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        Map<String, Path> dropped;
        List<String> committedByA;
        List<String> executedByBForA;
        Map<String, String> leftByA = new TreeMap<>();
        try (RefinerProcess a = node("a", ports[0], members)) {
            // The first node takes the lock before the other exists, so which node leads is known.
            a.awaitLog("node a to lead", log -> log.contains(LEADS), 120);
            try (RefinerProcess b = node("b", ports[1], members)) {
                for (RefinerProcess node : List.of(a, b)) {
                    node.awaitLog("a cluster of two", log -> log.contains("Members {size:2"), 120);
                }
                dropped = RefinerProcess.drop(root.resolve("inbox"), ITEMS);
                // Until a has committed an item whose block b executed (its outputs came over the event bus) and
                // has an item fetched, in execution: stopping lets it finish the step it is in, so it stays
                // executed for b. (Stopped with none in flight, a would leave b nothing to resume.)
                a.awaitLog("a commit of a block executed on b, and an item in execution", log -> {
                    try {
                        return a.committed().stream().anyMatch(new HashSet<>(b.executed())::contains)
                                && lastStates(log).values().stream()
                                        .anyMatch(WorkState.FETCHED.label()::equals);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, 300, 2);
                assertEquals(143, a.terminate(120));
                committedByA = a.committed();
                assertTrue(committedByA.size() < ITEMS, "a left work for b: " + committedByA);
                Matcher stopped = STOPPED_AT.matcher(a.log());
                while (stopped.find()) {
                    leftByA.put(stopped.group(1), stopped.group(2));
                }

                b.awaitLog("b to lead and commit every item", log -> {
                    Map<String, WorkItem> now = snapshot();
                    return log.contains(LEADS) && now.size() == ITEMS
                            && now.values().stream().allMatch(item -> item.state() == WorkState.COMMITTED);
                }, 300);
                // Items a left executed (outputs spooled) or pinned (outputs listed in a's journal) are not
                // executed again by b: it takes their outputs from the spool, or their CIDs from the journal.
                Set<String> resumed = new HashSet<>();
                leftByA.forEach((key, state) -> {
                    if (state.equals(WorkState.EXECUTED.label()) || state.equals(WorkState.PINNED.label())) {
                        resumed.add(key);
                    }
                });
                assertFalse(resumed.isEmpty(), "a stopped with no item executed or pinned in flight: " + leftByA);
                String logOfB = b.log();
                int leadAt = logOfB.indexOf(LEADS);
                executedByBForA = RefinerProcess.executedIn(logOfB.substring(0, leadAt));
                assertTrue(executedByBForA.stream().anyMatch(committedByA::contains),
                        "a committed outputs made on b: " + executedByBForA);
                assertEquals(List.of(), RefinerProcess.executedIn(logOfB.substring(leadAt)).stream()
                        .filter(resumed::contains).toList(), "executed again after a stopped at " + leftByA);

                // Read while b holds the journal: journal list falls back to the log.
                Map<String, Map<String, String>> whileRunning = Refined.journalListOutputs(root.resolve("data"),
                        root.resolve("journal-list-running.log"));
                assertTrue(Files.readString(root.resolve("journal-list-running.log"))
                        .contains("the journal is in use"), "journal list read the log of a journal in use");
                assertEquals(143, b.terminate(120));
                // Read once b has stopped: a commit's log line follows the journal's commit.
                List<String> committed = new ArrayList<>(committedByA);
                committed.addAll(b.committed());
                assertEquals(ITEMS, committed.size(), "committed: " + committed);
                assertEquals(ITEMS, new HashSet<>(committed).size(), "an item committed twice: " + committed);

                Map<Path, Refined.Offline> offline = Refined.refineOffline(root, dropped.values(), RULES);
                for (Map.Entry<Path, Refined.Offline> specimen : offline.entrySet()) {
                    for (String rule : RULES) {
                        Refined.assertOneEnvelopePerTransaction(specimen.getKey(), rule,
                                specimen.getValue().outputs().get(rule));
                    }
                }
                List<WorkItem> items = Refined.assertEveryItemWithOutputs(root.resolve("data"),
                        root.resolve("outbox"), dropped, offline, RULES);
                Map<String, Map<String, String>> listed = Refined.outputsByKey(items);
                assertEquals(listed, whileRunning, "journal list --json (from the log) while b ran");
                assertEquals(listed, Refined.journalListOutputs(root.resolve("data"),
                        root.resolve("journal-list.log")), "journal list --json once b stopped");
                System.out.printf("%s: b executed %s for a; a stopped with %s in flight; %d s%n",
                        getClass().getSimpleName(), executedByBForA, leftByA,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            }
        }
    }
}
