package io.cqt.refiner.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.rule.BlockResultRule;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryPipelineTest {
    private static final String CANCUN = "19434485-0.36.avro";
    private static final String PARIS = "16791900-0.32.avro";

    @TempDir
    Path root;

    private Path inbox() {
        return root.resolve("inbox");
    }

    private Path outbox() {
        return root.resolve("outbox");
    }

    private Path data() {
        return root.resolve("data");
    }

    private PipelineConfig config() {
        return config(2, 50, 100);
    }

    private PipelineConfig config(int maxInFlight, long scanMillis, long settleMillis) {
        return new PipelineConfig(inbox(), outbox(), data(), maxInFlight, 1, scanMillis, settleMillis, 600_000,
                60_000, 200, CompatProfiles.EVM_SERVER_1_2);
    }

    /** A running pipeline with some stages; closing its Vert.x stops it between steps. */
    private record Running(Vertx vertx, MainVerticle main) implements AutoCloseable {
        Journal journal() {
            return main.journal().journal();
        }

        @Override
        public void close() throws Exception {
            await(vertx.close());
        }
    }

    private Running start(Set<MainVerticle.Stage> stages) throws Exception {
        return start(stages, config());
    }

    private Running start(Set<MainVerticle.Stage> stages, PipelineConfig config) throws Exception {
        Vertx vertx = Vertx.vertx();
        MainVerticle main = new MainVerticle(stages);
        await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config.toJson())));
        return new Running(vertx, main);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }

    private static List<WorkItem> waitFor(Journal journal, int count, Predicate<WorkItem> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            List<WorkItem> items = journal.all();
            if (items.size() == count && items.stream().allMatch(done)) {
                return items;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("journal never reached the expected states: " + journal.all());
    }

    /** Drops a file the careful way: written under a hidden name, then renamed into the inbox. */
    private void dropByRename(Path specimen, String name) throws Exception {
        Files.createDirectories(inbox());
        Path temp = inbox().resolve("." + name + ".tmp");
        Files.copy(specimen, temp);
        Files.move(temp, inbox().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path cancun() {
        return SharedData.specimen(19434485, "specimen-codec-0.36.avro");
    }

    private static Path paris() {
        return SharedData.specimen(16791900, "specimen-codec-0.32.avro");
    }

    private void assertRefined(Journal journal, String name, Path specimen) throws Exception {
        WorkItem item = journal.get(DirectoryListenerVerticle.KEY_PREFIX + name).orElseThrow();
        assertEquals(WorkState.COMMITTED, item.state(), item.toString());
        byte[] written = Files.readAllBytes(outbox().resolve(name + ".result.json"));
        // The same bytes `refiner refine` writes for this specimen.
        assertArrayEquals(new BlockResultRule(CompatProfiles.EVM_SERVER_1_2).transform(SpecimenReader.read(specimen)).bytes(), written);
        assertEquals(ResultHashes.sha256(written), item.resultHash());
        Vertx vertx = Vertx.vertx();
        try {
            byte[] stored = await(new LocalContentStore(vertx, data().resolve("store")).get(Cid.parse(item.resultCid())));
            assertArrayEquals(written, stored);
        } finally {
            await(vertx.close());
        }
        assertTrue(Files.exists(data().resolve("done").resolve(name)), "input filed under done/");
        assertTrue(Files.notExists(inbox().resolve(name)), "input left the inbox");
    }

    private List<String> outboxFiles() throws Exception {
        try (Stream<Path> files = Files.list(outbox())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void filesDroppedInTheInboxAreRefinedIntoTheOutboxAndTheStore() throws Exception {
        Path cancun = cancun();
        Path paris = paris();
        try (Running pipeline = start(EnumSet.allOf(MainVerticle.Stage.class))) {
            dropByRename(cancun, CANCUN);
            Files.copy(paris, inbox().resolve(PARIS)); // a plain copy: taken once it has settled
            waitFor(pipeline.journal(), 2, WorkItem::isFinished);
            assertRefined(pipeline.journal(), CANCUN, cancun);
            assertRefined(pipeline.journal(), PARIS, paris);
        }
        assertEquals(List.of(PARIS + ".result.json", CANCUN + ".result.json").stream().sorted().toList(),
                outboxFiles());
    }

    /**
     * One item in flight and an hour between scans: only refilling a slot when its item leaves gets through three
     * files (the timer alone would take one file an hour), and a file renamed in is taken at first sight when the
     * settle time is 0.
     */
    @Test
    void aFreedSlotIsFilledWhenItsItemLeavesNotAtTheNextScan() throws Exception {
        Path cancun = cancun();
        Path paris = paris();
        dropByRename(cancun, CANCUN);
        dropByRename(paris, PARIS);
        dropByRename(paris, "again-" + PARIS);
        try (Running pipeline = start(EnumSet.allOf(MainVerticle.Stage.class), config(1, 3_600_000, 0))) {
            waitFor(pipeline.journal(), 3, WorkItem::isFinished);
            assertRefined(pipeline.journal(), CANCUN, cancun);
            assertRefined(pipeline.journal(), PARIS, paris);
            assertRefined(pipeline.journal(), "again-" + PARIS, paris);
        }
    }

    /** A file dropped again under a finished item's name stays in the inbox, and files after it are still taken. */
    @Test
    void aFileAlreadyDoneIsLeftInTheInboxAndTheOthersGoOn() throws Exception {
        Path cancun = cancun();
        Path paris = paris();
        dropByRename(paris, PARIS);
        try (Running pipeline = start(EnumSet.allOf(MainVerticle.Stage.class), config(1, 50, 0))) {
            waitFor(pipeline.journal(), 1, WorkItem::isFinished);
            dropByRename(paris, PARIS);
            dropByRename(cancun, CANCUN);
            waitFor(pipeline.journal(), 2, WorkItem::isFinished);
            assertRefined(pipeline.journal(), CANCUN, cancun);
            assertEquals(WorkState.COMMITTED,
                    pipeline.journal().get(DirectoryListenerVerticle.KEY_PREFIX + PARIS).orElseThrow().state());
            Thread.sleep(500); // several scans
            assertTrue(Files.exists(inbox().resolve(PARIS)), "the second " + PARIS + " is left in place");
            assertEquals(2, pipeline.journal().all().size());
        }
    }

    /**
     * Thousands of files in the inbox at once (here 3,000 that are not specimens, so each is quickly aborted): all are
     * taken. Taking them through one chain of futures per listing overflowed the stack at some thousand and left the
     * listener stuck for good.
     */
    @Test
    void thousandsOfFilesInTheInboxAtOnceAreAllTaken() throws Exception {
        Files.createDirectories(inbox());
        int files = 3_000;
        for (int i = 0; i < files; i++) {
            Files.write(inbox().resolve(String.format("junk-%05d.avro", i)), new byte[] {(byte) i});
        }
        try (Running pipeline = start(EnumSet.allOf(MainVerticle.Stage.class), config(4, 50, 0))) {
            List<WorkItem> items = waitFor(pipeline.journal(), files, WorkItem::isFinished);
            assertTrue(items.stream().allMatch(item -> item.state() == WorkState.ABORTED
                    && item.reason().startsWith("corrupt specimen: ")), items.get(0).toString());
        }
    }

    /** A stage that is down: each item is retried after the retry time, not at the next (hourly) scan. */
    @Test
    void aFailedItemIsRetriedWhenItsRetryTimeComesNotAtTheNextScan() throws Exception {
        dropByRename(paris(), PARIS);
        try (Running pipeline = start(EnumSet.of(MainVerticle.Stage.DECODE, MainVerticle.Stage.EXECUTE,
                MainVerticle.Stage.OUTBOX, MainVerticle.Stage.LISTENER), config(1, 3_600_000, 0))) {
            // No pin stage: every attempt at pinning fails and is recorded; the retries keep coming.
            waitFor(pipeline.journal(), 1, item -> item.state() == WorkState.EXECUTED && item.attempts() >= 3);
        }
    }

    @Test
    void aCorruptSpecimenIsAbortedWithItsReasonAndTheOthersGoOn() throws Exception {
        Path cancun = cancun();
        byte[] truncated = Files.readAllBytes(paris());
        Files.createDirectories(inbox());
        Files.write(inbox().resolve("broken.avro"), java.util.Arrays.copyOf(truncated, truncated.length / 3));
        Files.write(inbox().resolve("empty.avro"), new byte[0]);
        dropByRename(cancun, CANCUN);
        try (Running pipeline = start(EnumSet.allOf(MainVerticle.Stage.class))) {
            waitFor(pipeline.journal(), 3, WorkItem::isFinished);
            Journal journal = pipeline.journal();
            WorkItem broken = journal.get("file:broken.avro").orElseThrow();
            assertEquals(WorkState.ABORTED, broken.state());
            assertTrue(broken.reason().startsWith("corrupt specimen: "), broken.reason());
            WorkItem empty = journal.get("file:empty.avro").orElseThrow();
            assertEquals(WorkState.ABORTED, empty.state());
            assertTrue(empty.reason().contains("empty"), empty.reason());
            assertNull(empty.resultCid());
            assertRefined(journal, CANCUN, cancun);
        }
        assertEquals(List.of(CANCUN + ".result.json"), outboxFiles());
        // Aborted inputs stay claimed, ready for `refiner journal retry`.
        assertTrue(Files.exists(data().resolve("work").resolve("broken.avro")));
    }

    @Test
    void aRestartResumesFromTheLastRecordedStepWithoutLosingOrDuplicating() throws Exception {
        Path cancun = cancun();
        Path paris = paris();
        dropByRename(cancun, CANCUN);
        dropByRename(paris, PARIS);
        // First run: no pinning, so both items stop after execution.
        try (Running pipeline = start(EnumSet.of(MainVerticle.Stage.DECODE, MainVerticle.Stage.EXECUTE,
                MainVerticle.Stage.OUTBOX, MainVerticle.Stage.LISTENER))) {
            waitFor(pipeline.journal(), 2, item -> item.state() == WorkState.EXECUTED);
        }
        assertTrue(Files.notExists(outbox()) || outboxFiles().isEmpty());
        // Second run: pinning but no outbox, so both stop after pinning; decoding and execution are gone, so
        // pinning must come from the spooled results, not from executing again.
        try (Running pipeline = start(EnumSet.of(MainVerticle.Stage.PIN, MainVerticle.Stage.LISTENER))) {
            waitFor(pipeline.journal(), 2, item -> item.state() == WorkState.PINNED);
        }
        assertTrue(Files.notExists(outbox()) || outboxFiles().isEmpty());
        // Third run: the outbox alone finishes them from the store.
        try (Running pipeline = start(EnumSet.of(MainVerticle.Stage.OUTBOX, MainVerticle.Stage.LISTENER))) {
            List<WorkItem> items = waitFor(pipeline.journal(), 2, WorkItem::isFinished);
            assertTrue(items.stream().allMatch(item -> item.state() == WorkState.COMMITTED), items.toString());
            assertRefined(pipeline.journal(), CANCUN, cancun);
            assertRefined(pipeline.journal(), PARIS, paris);
        }
        assertEquals(List.of(PARIS + ".result.json", CANCUN + ".result.json").stream().sorted().toList(),
                outboxFiles());
        try (Stream<Path> spool = Files.list(data().resolve("spool"))) {
            assertEquals(0, spool.count(), "spooled results are removed once committed");
        }
    }
}
