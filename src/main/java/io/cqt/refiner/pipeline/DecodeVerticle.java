package io.cqt.refiner.pipeline;

import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Decodes specimens (Avro or JSON). A worker verticle: decoding is CPU work and reading a file blocks. */
public final class DecodeVerticle extends VerticleBase {
    @Override
    public Future<?> start() {
        return vertx.eventBus().<WorkMessage>consumer(Addresses.DECODE, this::decode).completion();
    }

    private void decode(Message<WorkMessage> message) {
        long started = System.nanoTime();
        WorkMessage work = message.body();
        byte[] bytes = work.payload();
        if (bytes == null) {
            try {
                bytes = Files.readAllBytes(Path.of(work.name()));
            } catch (IOException e) {
                message.fail(Failures.RETRY, "cannot read " + work.name() + ": " + Failures.describe(e));
                return;
            }
        }
        Specimen specimen;
        try {
            specimen = SpecimenReader.read(bytes, null);
        } catch (RuntimeException e) {
            message.fail(Failures.ABORT, "corrupt specimen: " + Failures.describe(e));
            return;
        }
        PipelineEvents.stage(vertx, "bsp_metrics", "decode", System.nanoTime() - started);
        message.reply(new WorkMessage(work.key(), work.name(), bytes, specimen));
    }
}
