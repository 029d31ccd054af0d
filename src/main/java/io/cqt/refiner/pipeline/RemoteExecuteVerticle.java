package io.cqt.refiner.pipeline;

import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.json.ReplicaJsonWriter;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.specimen.Header;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import io.cqt.refiner.logging.Redaction;
import java.net.URI;

/**
 * The execute stage against a remote evm-server ({@code EVM_SERVER_URL}): the specimen's block replica as JSON in
 * a multipart {@code POST /process}, the reply body is the result. Calls go through the evm-server's breaker (one,
 * created once by the caller); non-200 replies count as failures. The reply is checked against the specimen's
 * header as far as the reference format allows ({@link RemoteResultCheck}); one that disagrees is aborted, never
 * pinned or proved.
 */
public final class RemoteExecuteVerticle extends VerticleBase {
    private final URI server;
    private final CircuitBreaker breaker;
    private final long timeoutMillis;
    private final CompatProfile profile;
    private WebClient client;

    /** @param profile the reference release the operator says the server runs (its bytes are proved as they are) */
    public RemoteExecuteVerticle(URI server, CircuitBreaker breaker, long timeoutMillis, CompatProfile profile) {
        this.server = server;
        this.breaker = breaker;
        this.timeoutMillis = timeoutMillis;
        this.profile = profile;
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx);
        return vertx.eventBus().<WorkMessage>consumer(Addresses.EXECUTE, this::execute).completion();
    }

    private void execute(Message<WorkMessage> message) {
        long started = System.nanoTime();
        WorkMessage work = message.body();
        vertx.executeBlocking(() -> Request.of(work), false)
                .onFailure(e -> message.fail(Failures.ABORT, "cannot encode the replica: " + Failures.describe(e)))
                .onSuccess(request -> breaker.<Buffer>execute(() -> post(request.json())).onComplete(ar -> {
                    if (ar.failed()) {
                        // Every failure here is the server's (down, slow, erroring): the item waits it out.
                        message.fail(Failures.OUTAGE, Redaction.inText(new ServiceOutageException(
                                "evm-server " + server, ar.cause()).getMessage(), server));
                        return;
                    }
                    byte[] result = ar.result().getBytes();
                    vertx.executeBlocking(() -> RemoteResultCheck.mismatch(request.specimen().replica(), result), false)
                            .onComplete(check -> {
                                if (check.failed()) {
                                    message.fail(Failures.ABORT, Failures.describe(check.cause()));
                                } else if (check.result() != null) {
                                    message.fail(Failures.ABORT, check.result());
                                } else {
                                    Header header = request.specimen().replica().header();
                                    PipelineEvents.executed(vertx, System.nanoTime() - started, header.gasUsed(),
                                            profile.name(), profile.layoutVerifiedFor(
                                                    Fork.of(header.number(), header.timestamp())));
                                    message.reply(WorkMessage.of(work.key(), work.name(), result),
                                            new DeliveryOptions().addHeader(ExecuteVerticle.COMPAT_HEADER,
                                                    profile.name()));
                                }
                            });
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

    /** The decoded specimen and its replica JSON, both made off the event loop. */
    private record Request(Specimen specimen, byte[] json) {
        static Request of(WorkMessage work) throws IOException {
            Specimen specimen = work.specimen() != null ? work.specimen() : SpecimenReader.read(work.payload(), null);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ReplicaJsonWriter(false).write(specimen.replica(), specimen.codec(), out);
            return new Request(specimen, out.toByteArray());
        }
    }
}
