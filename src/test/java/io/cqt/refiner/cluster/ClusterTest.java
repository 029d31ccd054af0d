package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three `refiner run --cluster` nodes in separate JVMs on 127.0.0.1 sharing one data directory, inbox and outbox:
 * execution spreads over the nodes, and when the leader is killed (SIGKILL) another node takes the lock and the
 * rest finish every item exactly once.
 */
class ClusterTest {
    private static final int ITEMS = 16;
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final String LEADS = "this node leads the cluster";

    @TempDir
    Path root;

    private RefinerProcess node(String name, int port, String members) throws Exception {
        return RefinerProcess.start(root.resolve(name + ".log"), List.of("--inbox", root.resolve("inbox").toString(),
                "--outbox", root.resolve("outbox").toString(), "--data", root.resolve("data").toString(),
                "--max-in-flight", "4", "--workers", "1", "--cluster", "--cluster-host", "127.0.0.1",
                "--cluster-port", String.valueOf(port), "--cluster-members", members));
    }

    @Test
    void workSpreadsAndAnotherNodeFinishesEveryItemOnceAfterTheLeaderDies() throws Exception {
        RefinerProcess.specimens();
        int[] ports = {RefinerProcess.freePort(), RefinerProcess.freePort(), RefinerProcess.freePort()};
        String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        try (RefinerProcess leader = node("a", ports[0], members)) {
            // The first node takes the lock before the others exist, so which node leads is known.
            leader.awaitLog("node a to lead", log -> log.contains(LEADS), 120);
            try (RefinerProcess b = node("b", ports[1], members); RefinerProcess c = node("c", ports[2], members)) {
                for (RefinerProcess node : List.of(leader, b, c)) {
                    node.awaitLog("a cluster of three", log -> log.contains("Members {size:3"), 120);
                }
                Map<String, Path> dropped = RefinerProcess.drop(root.resolve("inbox"), ITEMS);
                List<RefinerProcess> nodes = List.of(leader, b, c);
                leader.awaitLog("blocks executed on more than one node", log -> {
                    try {
                        return nodes.stream().filter(node -> !executed(node).isEmpty()).count() >= 2
                                && !leader.committed().isEmpty();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, 300);
                assertTrue(nodes.stream().filter(node -> !executed(node).isEmpty()).count() >= 2,
                        "execution spread over the nodes");
                leader.kill();
                List<String> committed = new ArrayList<>(leader.committed()); // its whole log, now it is dead
                assertTrue(committed.size() < ITEMS, "the leader died mid-run (" + committed.size() + " of "
                        + ITEMS + " committed)");

                RefinerProcess[] survivors = {b, c};
                b.awaitLog("a new leader", log -> {
                    try {
                        return b.log().contains(LEADS) || c.log().contains(LEADS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, 120);
                // The killed leader may have committed an item in the journal and died before logging it; the
                // journal, read once the survivors stop, is the truth for that. Here: every result delivered, every
                // input filed away, and the survivors quiet for a while (a delivered item's commit follows at once).
                long[] lastChange = {System.nanoTime()};
                int[] lastLength = {-1};
                b.awaitLog("every item finished", log -> {
                    try {
                        int length = b.log().length() + c.log().length();
                        if (length != lastLength[0]) {
                            lastLength[0] = length;
                            lastChange[0] = System.nanoTime();
                        }
                        boolean delivered = Refined.resultCount(root.resolve("outbox")) == ITEMS
                                && workDirEmpty();
                        boolean logged = committed.size() + b.committed().size() + c.committed().size() >= ITEMS;
                        return delivered && (logged || System.nanoTime() - lastChange[0] > QUIET_NANOS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, 300);
                for (RefinerProcess survivor : survivors) {
                    committed.addAll(survivor.committed());
                }
                // Exactly one survivor leads and committed the rest.
                assertEquals(1, (b.log().contains(LEADS) ? 1 : 0) + (c.log().contains(LEADS) ? 1 : 0));
                RefinerProcess newLeader = b.log().contains(LEADS) ? b : c;
                assertTrue(!newLeader.committed().isEmpty(), "the new leader finished the remaining items");
                for (RefinerProcess survivor : survivors) {
                    assertEquals(143, survivor.terminate(120));
                }
                assertEquals(committed.size(), new HashSet<>(committed).size(), "no item committed twice: " + committed);
                // Every item committed in the journal, its result delivered once, nothing left to do.
                Refined.assertEveryItemOnce(root.resolve("data"), root.resolve("outbox"), dropped);
            }
        }
    }

    private boolean workDirEmpty() throws IOException {
        Path work = root.resolve("data").resolve("work");
        if (!Files.isDirectory(work)) {
            return false;
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.findAny().isEmpty();
        }
    }

    private static Set<String> executed(RefinerProcess node) {
        try {
            return node.executed().stream().collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
