package io.cqt.refiner.pipeline;

import io.cqt.refiner.ipfs.ContentStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/** Stores result bytes in the content store and replies with their CID. Event loop: the store's I/O is async. */
public final class PinVerticle extends VerticleBase {
    private final ContentStore store;

    public PinVerticle(ContentStore store) {
        this.store = store;
    }

    @Override
    public Future<?> start() {
        return vertx.eventBus().<WorkMessage>consumer(Addresses.PIN, this::pin).completion();
    }

    private void pin(Message<WorkMessage> message) {
        long started = System.nanoTime();
        store.put(message.body().payload())
                .onSuccess(cid -> {
                    PipelineEvents.stage(vertx, "ipfs_metrics", "pin", System.nanoTime() - started);
                    message.reply(cid.toString());
                })
                .onFailure(e -> message.fail(Failures.transientCode(e), "cannot pin: " + Failures.describe(e)));
    }
}
