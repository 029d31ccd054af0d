package io.cqt.refiner.pipeline;

import io.cqt.refiner.journal.JournalObserver;
import io.cqt.refiner.journal.WorkItem;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * Publishes what the journal does, to this node only: each write on {@link Addresses#TRANSITIONS} ({@code key},
 * {@code height}, {@code from} (absent for a new item), {@code to}, {@code attempts}, {@code reason},
 * {@code createdAt}, {@code previousAt} and {@code at} in epoch milliseconds), and each timed read on
 * {@link Addresses#METRICS} as a {@code journal_metrics} stage. Runs on the journal's thread: it only publishes.
 */
public final class JournalEvents implements JournalObserver {
    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private final Vertx vertx;

    public JournalEvents(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public void stored(WorkItem previous, WorkItem next) {
        JsonObject event = new JsonObject().put("key", next.key()).put("height", next.blockHeight())
                .put("to", next.state().label()).put("attempts", next.attempts()).put("reason", next.reason())
                .put("createdAt", next.createdAt().toEpochMilli()).put("at", next.updatedAt().toEpochMilli());
        if (previous != null) {
            event.put("from", previous.state().label()).put("previousAt", previous.updatedAt().toEpochMilli())
                    .put("previousAttempts", previous.attempts());
        }
        vertx.eventBus().publish(Addresses.TRANSITIONS, event, LOCAL);
    }

    @Override
    public void read(Read read, long nanos) {
        PipelineEvents.stage(vertx, "journal_metrics", read == Read.ITEMS ? "fetch_items" : "fetch_last", nanos);
    }
}
