package io.cqt.refiner.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work items a listener has in flight (published as the in-flight gauge), and the bounded wait of a stopping
 * listener for them to reach a recorded step. Used on the listener's event loop only.
 */
final class InFlightItems {
    private static final Logger LOG = LoggerFactory.getLogger(InFlightItems.class);

    private final Vertx vertx;
    private final long shutdownMillis;
    private final Set<String> keys = new HashSet<>();
    private Promise<Void> drained;

    /** @param shutdownMillis how long {@link #drain()} waits for the items in flight */
    InFlightItems(Vertx vertx, long shutdownMillis) {
        this.vertx = vertx;
        this.shutdownMillis = shutdownMillis;
    }

    int size() {
        return keys.size();
    }

    boolean contains(String key) {
        return keys.contains(key);
    }

    void add(String key) {
        keys.add(key);
        PipelineEvents.inFlight(vertx, keys.size());
    }

    /** The item left the pipeline's hands at a recorded step (finished, failed, or stopped by a drain). */
    void remove(String key) {
        keys.remove(key);
        PipelineEvents.inFlight(vertx, keys.size());
        if (drained != null && keys.isEmpty()) {
            LOG.info("stopping: every in-flight item is at a recorded step");
            drained.tryComplete();
        }
    }

    /** Completes once nothing is in flight, or after the shutdown timeout (what is left resumes at the next start). */
    Future<Void> drain() {
        if (keys.isEmpty()) {
            return Future.succeededFuture();
        }
        LOG.info("stopping: waiting up to {} ms for {} in-flight item(s) to finish their current step",
                shutdownMillis, keys.size());
        drained = Promise.promise();
        long deadline = vertx.setTimer(Math.max(1, shutdownMillis), id -> {
            LOG.warn("stopping: {} item(s) still in flight after {} ms; they resume from their last recorded step",
                    keys.size(), shutdownMillis);
            drained.tryComplete();
        });
        return drained.future().andThen(done -> vertx.cancelTimer(deadline));
    }
}
