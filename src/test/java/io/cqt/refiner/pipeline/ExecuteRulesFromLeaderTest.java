package io.cqt.refiner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.testing.SharedData;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a cluster every node's execute stage consumes the leader's blocks, and a node may have been started with other
 * {@code --rules} than the leader (or none). The leader's rules decide what an item's execution gives: with a
 * second execute stage beside the pipeline's (as another node's would be) taking part of the blocks, every item is
 * still committed with the outputs of the leader's rules, none with fewer.
 */
class ExecuteRulesFromLeaderTest {
    private static final List<String> RULES = List.of("call-traces", "state-diff");
    private static final int ITEMS = 4;

    @TempDir
    Path root;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }

    private PipelineConfig config() {
        return new PipelineConfig(root.resolve("inbox"), root.resolve("outbox"), root.resolve("data"), ITEMS, 1, 50,
                100, 600_000, 60_000, 200, CompatProfiles.EVM_SERVER_1_2, RULES);
    }

    /**
     * Runs the directory pipeline with {@link #RULES} on {@link #ITEMS} copies of a specimen, beside another
     * execute stage deployed first; returns the journal's items once all are finished.
     */
    private List<WorkItem> refineBeside(Function<Vertx, Future<?>> otherStage) throws Exception {
        Path specimen = SharedData.specimen(17090940, "specimen-codec-0.35.avro");
        PipelineConfig config = config();
        Files.createDirectories(config.inbox());
        for (int i = 0; i < ITEMS; i++) {
            Path temp = config.inbox().resolve(".item-" + i + ".tmp");
            Files.copy(specimen, temp);
            Files.move(temp, config.inbox().resolve("item-" + i + ".avro"), StandardCopyOption.ATOMIC_MOVE);
        }
        Vertx vertx = Vertx.vertx();
        List<WorkItem> items;
        try {
            await(otherStage.apply(vertx));
            MainVerticle main = new MainVerticle();
            await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config.toJson())));
            Journal journal = main.journal().journal();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            do {
                Thread.sleep(100);
                items = journal.all();
            } while ((items.size() < ITEMS || !items.stream().allMatch(WorkItem::isFinished))
                    && System.nanoTime() < deadline);
        } finally {
            await(vertx.close());
        }
        assertEquals(ITEMS, items.size(), items.toString());
        for (WorkItem item : items) {
            assertEquals(WorkState.COMMITTED, item.state(), item.toString());
            assertEquals(RULES, List.copyOf(item.outputs().keySet()), item.toString());
            String name = item.key().substring(DirectoryListenerVerticle.KEY_PREFIX.length());
            for (String rule : RULES) {
                assertTrue(Files.exists(config.outbox().resolve(PipelineRules.outputName(name, rule))),
                        name + " " + rule);
            }
        }
        return items;
    }

    @Test
    void aNodeStartedWithoutRulesMakesTheLeadersOutputs() throws Exception {
        // The other node's execute stage, deployed as `run` without --rules deploys it (its own data directory).
        PipelineConfig noRules = new PipelineConfig(root.resolve("inbox"), root.resolve("outbox"),
                root.resolve("other-node"), ITEMS, 1, 50, 100, 600_000, 60_000, 200, CompatProfiles.EVM_SERVER_1_2);
        List<WorkItem> items = refineBeside(vertx -> vertx.deployVerticle(
                new MainVerticle(EnumSet.of(MainVerticle.Stage.EXECUTE)),
                new DeploymentOptions().setConfig(noRules.toJson())));
        for (WorkItem item : items) {
            assertEquals(0, item.attempts(), "made at the first attempt, on either node: " + item);
        }
    }

    @Test
    void aStageThatCannotRunTheRulesIsRefusedAndTheItemRetried() throws Exception {
        // An execute stage that knows no trace rule (a build without them): it says so, and the item tries again.
        List<WorkItem> items = refineBeside(vertx -> vertx.deployVerticle(
                () -> new ExecuteVerticle(true, CompatProfiles.EVM_SERVER_1_2, List.of()),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
        assertTrue(items.stream().anyMatch(item -> item.attempts() > 0),
                "the stage without rules took some blocks and refused them: " + items);
    }
}
