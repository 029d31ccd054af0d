package io.cqt.refiner.cli;

import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.pipeline.Addresses;
import io.cqt.refiner.pipeline.ExecutePhases;
import io.cqt.refiner.pipeline.MainVerticle;
import io.cqt.refiner.pipeline.PipelineConfig;
import io.cqt.refiner.pipeline.PipelineEvents;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Times the directory-mode pipeline the way an operator runs it: one pipeline (a fresh data directory, its own
 * Vert.x) stays up across rounds, so the JIT warms as it would in a long run; each round renames copies of the
 * specimens into the inbox and ends when every result is in the outbox.
 */
final class PipelineBench {
    private static final long ROUND_TIMEOUT_MINUTES = 10;
    private static final String RESULT_SUFFIX = ".result.json";

    private final List<Path> specimens;
    private final int workers;
    private final int copies;
    private final CompatProfile profile;
    private int warmupRounds;
    private final ExecuteStageTimes stageTimes = new ExecuteStageTimes();
    private long timedNanos;
    private final List<Double> roundSeconds = new ArrayList<>();
    private final List<Double> besideRounds = new ArrayList<>();

    /** @param copies how many copies of each specimen one round drops, so that filling and draining the pipeline
     *                (the first decode, the last store) weigh on a round as little as they do in a long run */
    PipelineBench(List<Path> specimens, int workers, int copies, CompatProfile profile) {
        if (workers < 1 || copies < 1) {
            throw new IllegalArgumentException("--workers and --copies must be at least 1");
        }
        this.specimens = List.copyOf(specimens);
        this.workers = workers;
        this.copies = copies;
        this.profile = profile;
    }

    /**
     * Runs untimed rounds while {@code warmup} says so, then {@code runs} timed ones; the median round in seconds per
     * copy.
     *
     * @param beside null, or a throughput in Mgas/s measured once before the timed rounds and again after each (the
     *               execute stage's own work, say), so that each round is paired with one taken seconds apart: this
     *               machine's speed drifts by 10-30 % over a minute. Its figures are {@link #besideRounds()}.
     */
    double medianRoundSeconds(WarmUp warmup, int runs, DoubleSupplier beside) throws IOException {
        Path root = Files.createTempDirectory("refiner-bench-");
        Path inbox = root.resolve("inbox");
        Path outbox = root.resolve("outbox");
        Path staging = root.resolve("staging");
        Files.createDirectories(inbox);
        Files.createDirectories(staging);
        // Settled at once: files arrive by rename, complete, so waiting for them to stay unchanged only adds delay.
        // Twice as many in flight as executing: decode before and storing after overlap the executions.
        PipelineConfig config = new PipelineConfig(inbox, outbox, root.resolve("data"), 2 * (workers + 1),
                workers, 5, 0, 600_000, 60_000, 1_000, profile);
        Vertx vertx = Vertx.vertx();
        try (WatchService watch = root.getFileSystem().newWatchService()) {
            vertx.eventBus().<JsonObject>localConsumer(Addresses.METRICS, event -> stageTimes.add(event.body()));
            await(vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config.toJson())));
            Files.createDirectories(outbox);
            outbox.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            int round = 0;
            while (warmup.another()) {
                round(round++, staging, inbox, outbox, watch);
                warmup.roundDone();
            }
            warmupRounds = warmup.rounds();
            if (beside != null) {
                beside.getAsDouble();
            }
            long[] nanos = new long[runs];
            stageTimes.reset();
            for (int i = 0; i < runs; i++) {
                nanos[i] = round(round++, staging, inbox, outbox, watch);
                timedNanos += nanos[i];
                roundSeconds.add(nanos[i] / 1e9 / copies);
                if (beside != null) {
                    besideRounds.add(beside.getAsDouble());
                }
            }
            return BenchCommand.median(nanos) / 1e9 / copies;
        } finally {
            await(vertx.close());
            deleteTree(root);
        }
    }

    /**
     * How the execute stage spent the timed rounds of the last {@link #medianRoundSeconds}: busy is its time over
     * the rounds' time times the workers (1: every EVM worker always executing), the phases its shares of that time.
     */
    StageShares stageShares() {
        double busy = stageTimes.total.sum();
        return new StageShares(busy / timedNanos / workers, stageTimes.run.sum() / busy,
                stageTimes.reference.sum() / busy, stageTimes.bytes.sum() / busy);
    }

    record StageShares(double busy, double run, double reference, double bytes) {
    }

    /** The execute stage's reported times; events arrive on an event loop, shares are read on the bench's thread. */
    private static final class ExecuteStageTimes {
        final LongAdder total = new LongAdder();
        final LongAdder run = new LongAdder();
        final LongAdder reference = new LongAdder();
        final LongAdder bytes = new LongAdder();

        void add(JsonObject event) {
            if (PipelineEvents.STAGE.equals(event.getString(PipelineEvents.KIND)) && event.containsKey("gas")) {
                ExecutePhases phases = ExecutePhases.of(event);
                total.add(event.getLong("nanos", 0L));
                run.add(phases.runNanos());
                reference.add(phases.referenceNanos());
                bytes.add(phases.bytesNanos());
            }
        }

        void reset() {
            total.reset();
            run.reset();
            reference.reset();
            bytes.reset();
        }
    }

    /** The measurement taken after each timed round, in the same order; empty without one. */
    List<Double> besideRounds() {
        return List.copyOf(besideRounds);
    }

    /**
     * Each timed round's throughput over the measurement taken after it, in order.
     *
     * @param gasPerCopy the gas of one copy of every specimen
     */
    List<Double> sharesOfBeside(long gasPerCopy) {
        List<Double> shares = new ArrayList<>();
        for (int i = 0; i < besideRounds.size(); i++) {
            shares.add(gasPerCopy / roundSeconds.get(i) / 1e6 / besideRounds.get(i));
        }
        return shares;
    }

    /** The warm-up rounds the last {@link #medianRoundSeconds} ran. */
    int warmupRounds() {
        return warmupRounds;
    }

    /**
     * One round: the copies are renamed into the inbox and the round ends when the last result appears in the outbox.
     * The outbox is watched (inotify on Linux), not polled: a 1 ms poll woke this thread a thousand times a second
     * on the cores the measured pipeline runs on.
     */
    private long round(int round, Path staging, Path inbox, Path outbox, WatchService watch) throws IOException {
        // Files of different folders may share a name (specimen.json): the index keeps the copies apart.
        List<String> names = new ArrayList<>();
        for (int copy = 0; copy < copies; copy++) {
            for (int i = 0; i < specimens.size(); i++) {
                String name = "r" + round + "-" + copy + "-" + i + "-" + specimens.get(i).getFileName();
                Files.copy(specimens.get(i), staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                names.add(name);
            }
        }
        Set<String> pending = new HashSet<>();
        names.forEach(name -> pending.add(name + RESULT_SUFFIX));
        long start = System.nanoTime();
        for (String name : names) {
            Files.move(staging.resolve(name), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        long deadline = start + TimeUnit.MINUTES.toNanos(ROUND_TIMEOUT_MINUTES);
        while (!pending.isEmpty()) {
            WatchKey key = poll(watch, deadline - System.nanoTime());
            if (key == null) {
                pending.removeIf(result -> Files.exists(outbox.resolve(result)));
                if (!pending.isEmpty() && System.nanoTime() > deadline) {
                    throw new IllegalStateException("round " + round + ": no result for " + pending.size()
                            + " file(s), " + pending.iterator().next() + " among them, after " + ROUND_TIMEOUT_MINUTES
                            + " minutes (see the log)");
                }
                continue;
            }
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    // Events were dropped: ask the directory instead.
                    pending.removeIf(result -> Files.exists(outbox.resolve(result)));
                } else {
                    pending.remove(event.context().toString());
                }
            }
            if (!key.reset()) {
                throw new IllegalStateException("round " + round + ": the outbox " + outbox + " went away");
            }
        }
        return System.nanoTime() - start;
    }

    /** The next key, waiting at most {@code nanos} (and at most a second, so a stuck round is noticed). */
    private static WatchKey poll(WatchService watch, long nanos) {
        try {
            return watch.poll(Math.max(1, Math.min(nanos, TimeUnit.SECONDS.toNanos(1))), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for results", e);
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException("pipeline: " + OneLineErrors.describe(e.getCause()), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("pipeline did not start or stop in time", e);
        }
    }

    private static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A temporary directory left behind is not worth failing a finished measurement for.
        }
    }
}
