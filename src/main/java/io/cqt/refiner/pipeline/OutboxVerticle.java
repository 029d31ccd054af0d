package io.cqt.refiner.pipeline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Writes results into the outbox atomically: a hidden temporary file in the outbox, then a rename, so a reader of
 * the outbox never sees half a result. Writing the same result again replaces it with the same bytes.
 */
public final class OutboxVerticle extends VerticleBase {
    private final Path outbox;

    public OutboxVerticle(Path outbox) {
        this.outbox = outbox.toAbsolutePath();
    }

    @Override
    public Future<?> start() {
        return vertx.fileSystem().mkdirs(outbox.toString())
                .compose(v -> vertx.eventBus().<WorkMessage>consumer(Addresses.OUTBOX, this::write).completion());
    }

    private void write(Message<WorkMessage> message) {
        WorkMessage work = message.body();
        Path target = outbox.resolve(work.name());
        Path temp = outbox.resolve("." + work.name() + "." + UUID.randomUUID() + ".tmp");
        FileSystem fs = vertx.fileSystem();
        fs.writeFile(temp.toString(), Buffer.buffer(work.payload()))
                .compose(v -> fs.move(temp.toString(), target.toString(),
                        new CopyOptions().setReplaceExisting(true).setAtomicMove(true)))
                .onSuccess(v -> message.reply(target.toString()))
                .onFailure(e -> {
                    fs.delete(temp.toString());
                    message.fail(Failures.RETRY, "cannot write " + target + ": " + Failures.describe(e));
                });
    }
}
