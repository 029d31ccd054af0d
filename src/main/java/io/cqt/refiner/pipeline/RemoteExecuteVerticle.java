package io.cqt.refiner.pipeline;

import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.json.ReplicaJsonWriter;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;

/**
 * The execute stage against a remote evm-server ({@code EVM_SERVER_URL}): the specimen's block replica as JSON in
 * a multipart {@code POST /process}, the reply body is the result. Calls go through the evm-server's breaker (one,
 * created once by the caller); non-200 replies count as failures. The remote result is not checked against the
 * header here: the embedded EVM is the verifying path.
 */
public final class RemoteExecuteVerticle extends VerticleBase {
    private final URI server;
    private final CircuitBreaker breaker;
    private final long timeoutMillis;
    private WebClient client;

    public RemoteExecuteVerticle(URI server, CircuitBreaker breaker, long timeoutMillis) {
        this.server = server;
        this.breaker = breaker;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx);
        return vertx.eventBus().<WorkMessage>consumer(Addresses.EXECUTE, this::execute).completion();
    }

    private void execute(Message<WorkMessage> message) {
        WorkMessage work = message.body();
        vertx.executeBlocking(() -> replicaJson(work), false)
                .onFailure(e -> message.fail(Failures.ABORT, "cannot encode the replica: " + Failures.describe(e)))
                .onSuccess(json -> breaker.<Buffer>execute(() -> post(json)).onComplete(ar -> {
                    if (ar.succeeded()) {
                        message.reply(WorkMessage.of(work.key(), work.name(), ar.result().getBytes()));
                    } else {
                        // Every failure here is the server's (down, slow, erroring): the item waits it out.
                        message.fail(Failures.OUTAGE, new ServiceOutageException("evm-server " + server,
                                ar.cause()).getMessage());
                    }
                }));
    }

    private Future<Buffer> post(byte[] replicaJson) {
        String url = server.resolve("/process").toString();
        MultipartForm form = MultipartForm.create()
                .binaryFileUpload("replica", "replica.json", Buffer.buffer(replicaJson), "application/json");
        return client.postAbs(url).timeout(timeoutMillis).sendMultipartForm(form).compose(response ->
                response.statusCode() == 200 ? Future.succeededFuture(response.body())
                        : Future.failedFuture(new IllegalStateException("HTTP " + response.statusCode() + ": "
                                + response.bodyAsString())));
    }

    private static byte[] replicaJson(WorkMessage work) throws IOException {
        Specimen specimen = work.specimen() != null ? work.specimen() : SpecimenReader.read(work.payload(), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReplicaJsonWriter(false).write(specimen.replica(), specimen.codec(), out);
        return out.toByteArray();
    }
}
