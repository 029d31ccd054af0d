package io.cqt.refiner.pipeline;

import io.cqt.refiner.cluster.Leadership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a pipeline node holds while it leads, for both modes: the journal, the listener's deployment and, in a
 * cluster, the lock. Alone (no cluster) a node leads from the start. Stopping gives them up in the order that keeps
 * the journal safe: no new items, the journal closed, and only then the lock, so the next leader opens a closed file.
 */
final class LeaderSeat {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderSeat.class);
    private static final long LOCK_ATTEMPT_MILLIS = 5_000;

    private final Vertx vertx;
    private volatile JournalAccess journal;
    private Leadership leadership;
    private String listener;

    LeaderSeat(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs {@code lead} now (no cluster) or each time this node wins the cluster's lock. */
    Future<?> take(long retryMillis, Supplier<Future<?>> lead) {
        if (!vertx.isClustered()) {
            return lead.get();
        }
        leadership = new Leadership(vertx, LOCK_ATTEMPT_MILLIS, retryMillis);
        leadership.lead(lead);
        return Future.succeededFuture();
    }

    /** The journal, once this node opened it (null before, and on a cluster follower). */
    JournalAccess journal() {
        return journal;
    }

    void journalOpened(JournalAccess opened) {
        journal = opened;
    }

    void listenerDeployed(String deploymentId) {
        listener = deploymentId;
    }

    /** Stops taking new items: the listener's stop waits for its in-flight items (bounded). */
    Future<?> drain() {
        if (leadership != null) {
            leadership.stop();
        }
        String deployed = listener;
        listener = null;
        return deployed == null ? Future.succeededFuture() : vertx.undeploy(deployed);
    }

    /** Closes the journal on a worker, then frees the cluster lock. */
    Future<?> release() {
        if (leadership != null) {
            leadership.stop();
        }
        return vertx.executeBlocking(() -> {
            closeJournal();
            if (leadership != null) {
                leadership.release();
            }
            return null;
        });
    }

    /** After a failed start of the leader's part: closes what was opened, then fails with the cause. */
    <T> Future<T> abandon(Throwable cause) {
        return vertx.executeBlocking(() -> {
            closeJournal();
            return null;
        }).transform(closed -> Future.failedFuture(cause));
    }

    private void closeJournal() {
        JournalAccess open = journal;
        journal = null;
        if (open != null) {
            try {
                open.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the journal failed: {}", Failures.describe(e));
            }
        }
    }
}
