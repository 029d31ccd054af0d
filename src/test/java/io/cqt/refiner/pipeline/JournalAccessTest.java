package io.cqt.refiner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.journal.IllegalTransitionException;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline's way into the journal, on a real journal file and Vert.x: many steps at once, grouped. */
class JournalAccessTest {
    @TempDir
    Path dir;

    @Test
    void stepsAskedTogetherCompleteInOrderOnTheCallersContextEachWithItsOwnOutcome() throws Exception {
        Vertx vertx = Vertx.vertx();
        JournalAccess access = new JournalAccess(vertx, Journal.open(dir.resolve(Journal.FILE_NAME)));
        try {
            int items = 300;
            List<String> completed = new CopyOnWriteArrayList<>();
            List<Boolean> onCaller = new CopyOnWriteArrayList<>();
            CompletableFuture<List<Future<?>>> asked = new CompletableFuture<>();
            Context caller = vertx.getOrCreateContext();
            caller.runOnContext(v -> {
                List<Future<?>> futures = new ArrayList<>();
                for (int i = 0; i < items; i++) {
                    String key = "file:" + i;
                    futures.add(access.run(j -> j.discover(key, -1, null, null)).andThen(done -> {
                        completed.add(key);
                        onCaller.add(Vertx.currentContext() == caller);
                    }));
                    if (i % 3 == 0) {
                        // A step that fails fails alone.
                        futures.add(access.run(j -> j.committed(key)));
                    }
                }
                asked.complete(futures);
            });
            List<Future<?>> futures = asked.get(1, TimeUnit.MINUTES);
            Future.join(futures).toCompletionStage().toCompletableFuture().exceptionally(e -> null)
                    .get(1, TimeUnit.MINUTES);
            for (int i = 0, f = 0; i < items; i++) {
                assertTrue(futures.get(f++).succeeded());
                if (i % 3 == 0) {
                    assertTrue(futures.get(f++).cause() instanceof IllegalTransitionException);
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                expected.add("file:" + i);
            }
            assertEquals(expected, completed, "completed in the order asked");
            assertTrue(onCaller.stream().allMatch(Boolean::booleanValue), "every completion on the caller's context");
            List<WorkItem> stored = access.run(Journal::all).toCompletionStage().toCompletableFuture()
                    .get(1, TimeUnit.MINUTES);
            assertEquals(items, stored.size());
            assertTrue(stored.stream().allMatch(item -> item.state() == WorkState.DISCOVERED));
        } finally {
            access.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
    }
}
