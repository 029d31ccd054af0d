package io.cqt.refiner.pipeline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes results into the outbox atomically: a hidden temporary file in the outbox, then a rename, so a reader of
 * the outbox never sees half a result. Writing the same result again replaces it with the same bytes. A temporary
 * file a killed run left behind is removed when the stage starts again.
 */
public final class OutboxVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxVerticle.class);
    /** {@code .<name>.<uuid>.tmp}, as {@link #write} names them. */
    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.tmp");

    private final Path outbox;

    public OutboxVerticle(Path outbox) {
        this.outbox = outbox.toAbsolutePath();
    }

    @Override
    public Future<?> start() {
        return vertx.fileSystem().mkdirs(outbox.toString())
                .compose(v -> vertx.executeBlocking(this::removeHalfWritten, false))
                .compose(v -> vertx.eventBus().<WorkMessage>consumer(Addresses.OUTBOX, this::write).completion());
    }

    /**
     * Temporary files an earlier run was killed while writing: only one leader writes the outbox and this one has
     * not started, so each is abandoned. Only names of our own making are touched.
     */
    private int removeHalfWritten() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(outbox, ".*.tmp")) {
            for (Path temp : temps) {
                if (TEMP_NAME.matcher(temp.getFileName().toString()).matches() && Files.deleteIfExists(temp)) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.info("outbox {}: removed {} half-written temporary file(s) left by an earlier run", outbox, removed);
        }
        return removed;
    }

    private void write(Message<WorkMessage> message) {
        WorkMessage work = message.body();
        Path target = outbox.resolve(work.name());
        Path temp = outbox.resolve("." + work.name() + "." + UUID.randomUUID() + ".tmp");
        // One blocking step for both: the bytes go from the message's array to the file, with no buffer between.
        vertx.executeBlocking(() -> {
            try {
                Files.write(temp, work.payload());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException left) {
                    e.addSuppressed(left);
                }
                throw e;
            }
            return target.toString();
        }, false).onSuccess(message::reply)
                .onFailure(e -> message.fail(Failures.RETRY, "cannot write " + target + ": " + Failures.describe(e)));
    }
}
