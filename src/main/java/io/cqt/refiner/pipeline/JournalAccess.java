package io.cqt.refiner.pipeline;

import io.cqt.refiner.journal.Journal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The journal behind one single-thread shared worker executor: MapDB commits block, and one thread serialises them
 * in the order the stages ask. Steps asked for while the thread is busy (a disk sync takes from a tenth of a
 * millisecond to a second) run together as one group commit with one sync ({@link Journal#group}). Every verticle of
 * the pipeline gets the same instance.
 */
public final class JournalAccess implements AutoCloseable {
    static final String POOL = "refiner-journal";

    private record Pending(Function<Journal, ?> step, Promise<Object> promise, Context context) {
    }

    private final Vertx vertx;
    private final Journal journal;
    private final WorkerExecutor executor;
    /** Steps asked for and not yet taken by the journal thread; guarded by itself. */
    private final List<Pending> queue = new ArrayList<>();
    /** Whether a drain is queued or running on the journal thread; guarded by {@link #queue}. */
    private boolean draining;

    public JournalAccess(Vertx vertx, Journal journal) {
        this.vertx = vertx;
        this.journal = journal;
        this.executor = vertx.createSharedWorkerExecutor(POOL, 1);
    }

    /**
     * Runs {@code step} on the journal thread; the future completes, on the caller's context, once the change is
     * committed.
     */
    @SuppressWarnings("unchecked")
    public <T> Future<T> run(Function<Journal, T> step) {
        Promise<Object> promise = Promise.promise();
        Pending pending = new Pending(step, promise, vertx.getOrCreateContext());
        boolean start;
        synchronized (queue) {
            queue.add(pending);
            start = !draining;
            draining = true;
        }
        if (start) {
            submitDrain();
        }
        return (Future<T>) promise.future();
    }

    /**
     * On the journal thread: runs what is queued as one group, then hands the thread back and queues itself again if
     * more came meanwhile (one task per group keeps each task short for Vert.x's blocked-thread checker).
     */
    private Void drain() {
        List<Pending> batch;
        synchronized (queue) {
            batch = new ArrayList<>(queue);
            queue.clear();
        }
        List<Journal.Outcome> outcomes = null;
        Throwable failure = null;
        try {
            outcomes = journal.group(batch.stream().<Function<Journal, ?>>map(Pending::step).toList());
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending pending = batch.get(i);
            Throwable failed = failure != null ? failure : outcomes.get(i).failure();
            Object value = failure != null ? null : outcomes.get(i).value();
            pending.context().runOnContext(v -> {
                if (failed != null) {
                    pending.promise().fail(failed);
                } else {
                    pending.promise().complete(value);
                }
            });
        }
        synchronized (queue) {
            if (queue.isEmpty()) {
                draining = false;
                return null;
            }
        }
        submitDrain();
        return null;
    }

    /** Queues a drain; should the executor refuse it (closed), what waits fails rather than hang. */
    private void submitDrain() {
        executor.executeBlocking(this::drain, false).onFailure(e -> {
            List<Pending> stranded;
            synchronized (queue) {
                stranded = new ArrayList<>(queue);
                queue.clear();
                draining = false;
            }
            stranded.forEach(pending -> pending.context().runOnContext(v -> pending.promise().fail(e)));
        });
    }

    /** The journal itself, for reads outside the pipeline (tests, status). */
    public Journal journal() {
        return journal;
    }

    @Override
    public void close() {
        journal.close();
        executor.close();
    }
}
