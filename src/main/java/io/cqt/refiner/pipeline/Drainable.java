package io.cqt.refiner.pipeline;

import io.vertx.core.Future;

/** A pipeline that can stop taking new items before it is closed (graceful shutdown). */
public interface Drainable {
    /**
     * Stops taking new items and waits, bounded by the configured shutdown timeout, until every item in flight has
     * reached a step recorded in the journal. Closing Vert.x afterwards closes the journal.
     */
    Future<?> drain();
}
