package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.pipeline.MainVerticle;
import io.cqt.refiner.pipeline.PipelineConfig;
import io.cqt.refiner.pipeline.PipelineRules;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.testing.SharedData;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --rules block-result,call-traces,state-diff}: the directory pipeline writes the traces beside the
 * result, the bytes {@code refine --rule call-traces,state-diff} writes, pinned and listed in the journal.
 */
class RunRulesTest {
    private static final String NAME = "19434485-0.36.avro";
    private static final long BLOCK = 19434485;

    @TempDir
    Path dir;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }

    private List<String> outbox() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("outbox"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theTracesOfTheSameExecutionArePinnedAndWrittenBesideTheResult() throws Exception {
        Path specimen = SharedData.specimen(BLOCK, "specimen-codec-0.36.avro");
        List<String> traceRules = PipelineRules.parse("block-result,call-traces,state-diff");
        assertEquals(List.of("call-traces", "state-diff"), traceRules);
        PipelineConfig config = new PipelineConfig(dir.resolve("inbox"), dir.resolve("outbox"), dir.resolve("data"),
                2, 1, 50, 100, 600_000, 60_000, 200, CompatProfiles.EVM_SERVER_1_2, traceRules);
        Files.createDirectories(config.inbox());
        Files.copy(specimen, config.inbox().resolve(NAME));
        Vertx vertx = Vertx.vertx();
        try {
            await(vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config.toJson())));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (Files.notExists(config.doneDir().resolve(NAME)) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            await(vertx.close());
        }
        WorkItem item;
        try (Journal journal = Journal.open(config.journalFile())) {
            item = journal.get("file:" + NAME).orElseThrow();
        }
        assertEquals(WorkState.COMMITTED, item.state(), item.toString());
        assertEquals(List.of(NAME + ".call-traces.json", NAME + ".result.json", NAME + ".state-diff.json"),
                outbox());

        // The same bytes refine writes for the specimen, result included (1.2: the default 1.3 panics on it).
        Path refined = dir.resolve("refined");
        CliRun refine = CliRun.of("refine", "--compat", CompatProfiles.EVM_SERVER_1_2.name(), "--rule",
                "block-result,call-traces,state-diff", "--out",
                refined.toString(), specimen.toString());
        assertEquals(0, refine.status(), refine.err());
        for (String rule : List.of("call-traces", "state-diff")) {
            assertArrayEquals(Files.readAllBytes(refined.resolve(BLOCK + "." + rule + ".json")),
                    Files.readAllBytes(dir.resolve("outbox").resolve(NAME + "." + rule + ".json")), rule);
        }
        Path refinedResult;
        try (Stream<Path> files = Files.list(refined)) {
            refinedResult = files.filter(f -> f.getFileName().toString().endsWith(".result.json")).findFirst()
                    .orElseThrow();
        }
        assertArrayEquals(Files.readAllBytes(refinedResult),
                Files.readAllBytes(dir.resolve("outbox").resolve(NAME + ".result.json")));

        // Listed in the journal and held by the local store.
        assertEquals(List.of("call-traces", "state-diff"), List.copyOf(item.outputs().keySet()));
        Vertx reader = Vertx.vertx();
        try {
            LocalContentStore store = new LocalContentStore(reader, config.storeDir());
            for (Map.Entry<String, String> output : item.outputs().entrySet()) {
                assertArrayEquals(Files.readAllBytes(dir.resolve("outbox").resolve(NAME + "." + output.getKey()
                        + ".json")), await(store.get(Cid.parse(output.getValue()))), output.getKey());
            }
        } finally {
            await(reader.close());
        }
        try (Stream<Path> spool = Files.list(config.spoolDir())) {
            assertEquals(0, spool.count(), "spooled outputs are removed once committed");
        }
        CliRun list = CliRun.of("journal", "list", "--json", "--data", config.data().toString());
        assertTrue(list.out().contains("\"outputs\":{\"call-traces\":\"" + item.outputs().get("call-traces")),
                list.out());
    }

    @Test
    void anUnknownRuleIsAOneLineUsageError() {
        CliRun run = CliRun.of("run", "--inbox", dir.resolve("in").toString(), "--outbox",
                dir.resolve("out").toString(), "--data", dir.resolve("data").toString(), "--rules",
                "block-result,call-tracez");
        assertNotEquals(0, run.status());
        assertTrue(run.err().contains("unknown rule 'call-tracez'"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
