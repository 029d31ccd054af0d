package io.cqt.refiner.pipeline;

import io.cqt.refiner.journal.Journal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.function.Function;

/**
 * The journal behind one single-thread shared worker executor: MapDB commits block, and one thread serialises them
 * in the order the stages ask. Every verticle of the pipeline gets the same instance.
 */
public final class JournalAccess implements AutoCloseable {
    static final String POOL = "refiner-journal";

    private final Journal journal;
    private final WorkerExecutor executor;

    public JournalAccess(Vertx vertx, Journal journal) {
        this.journal = journal;
        this.executor = vertx.createSharedWorkerExecutor(POOL, 1);
    }

    /** Runs {@code step} on the journal thread; the future completes once the change is committed. */
    public <T> Future<T> run(Function<Journal, T> step) {
        return executor.executeBlocking(() -> step.apply(journal), true);
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
