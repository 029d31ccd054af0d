package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM on `refiner run` (directory mode) in a child JVM: drain, close the journal, resume on restart. */
class GracefulShutdownTest {
    private static final int ITEMS = 12;

    @TempDir
    Path root;

    private RefinerProcess start(String log) throws Exception {
        return RefinerProcess.start(root.resolve(log), List.of("--inbox", root.resolve("inbox").toString(),
                "--outbox", root.resolve("outbox").toString(), "--data", root.resolve("data").toString(),
                "--max-in-flight", "3", "--workers", "1", "--shutdown-timeout", "60"));
    }

    @Test
    void sigtermDrainsClosesTheJournalAndARestartFinishesEveryItemOnce() throws Exception {
        Map<String, Path> dropped = RefinerProcess.drop(root.resolve("inbox"), ITEMS);
        List<String> committed = new ArrayList<>();
        try (RefinerProcess first = start("first.log")) {
            first.awaitLog("the first commit", log -> log.contains(": committed"), 180);
            // SIGTERM while items are in flight: the JVM runs its shutdown hooks and exits with 128 + 15.
            assertEquals(143, first.terminate(120));
            String log = first.log();
            assertTrue(log.contains("run: stopped; journal closed"), log);
            assertTrue(log.contains("every in-flight item is at a recorded step")
                    && !log.contains("still in flight after"), "in-flight items reached a step in time:\n" + log);
            committed.addAll(first.committed());
        }
        assertTrue(committed.size() < ITEMS, "stopped mid-run (" + committed.size() + " of " + ITEMS + " done)");
        // The journal was closed: it opens at once, and holds no item past its last recorded step.
        try (Journal journal = Journal.open(root.resolve("data").resolve(Journal.FILE_NAME))) {
            for (WorkItem item : journal.all()) {
                assertEquals(0, item.attempts(), "stopping is not a failure: " + item);
            }
        }
        try (RefinerProcess second = start("second.log")) {
            second.awaitLog("every item finished", log -> {
                try {
                    return Refined.resultCount(root.resolve("outbox")) == ITEMS
                            && committed.size() + second.committed().size() >= ITEMS;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 300);
            committed.addAll(second.committed());
            assertEquals(143, second.terminate(120));
        }
        assertEquals(ITEMS, new HashSet<>(committed).size(), "committed items: " + committed);
        assertEquals(ITEMS, committed.size(), "no item committed twice: " + committed);
        Refined.assertEveryItemOnce(root.resolve("data"), root.resolve("outbox"), dropped);
    }
}
