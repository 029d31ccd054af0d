package io.cqt.refiner.evmserver;

import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.evm.block.ReferenceFailure;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.logging.SafeText;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.json.JsonSpecimenReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * The reference evm-server's HTTP API (evm-server-compat.md) over our executor, as one release of it answers
 * ({@link CompatProfile}): {@code POST /process} with a multipart body whose parts concatenate to a block-replica JSON
 * answers 200 with that release's result bytes, or 500 {@code {"error": "<message>"}}, or, where the release panics,
 * 500 with a plain-text body; {@code GET /health} answers {@code I'm healthy}. Decoding and execution run on a
 * dedicated worker pool, never on the event loop; a request body larger than the limit is refused while it streams.
 */
public final class EvmServer {
    /** The reference's error codes (evm-server-compat.md). */
    static final int EVM_ERROR = 2;
    static final int JSON_ERROR = 10;
    static final int IO_ERROR = 11;

    private final Vertx vertx;
    private final ReferenceExecutor reference;
    private final JsonSpecimenReader json = new JsonSpecimenReader();
    private final WorkerExecutor workers;
    private final long maxRequestBytes;

    /**
     * @param reference       the release whose answers this server gives
     * @param workerThreads   the size of the execution pool
     * @param maxRequestBytes the largest request body accepted
     */
    public EvmServer(Vertx vertx, ReferenceExecutor reference, int workerThreads, long maxRequestBytes) {
        this.vertx = vertx;
        this.reference = reference;
        this.maxRequestBytes = maxRequestBytes;
        // A block can run for seconds: its own pool keeps it off the default one and off the blocked-thread warning.
        this.workers = vertx.createSharedWorkerExecutor("refiner-evm-server", workerThreads, 10, TimeUnit.MINUTES);
    }

    public Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(router()).listen(port, host);
    }

    Router router() {
        Router router = Router.router(vertx);
        router.post("/process").handler(this::process);
        router.get("/health").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; charset=utf-8")
                .end("I'm healthy"));
        return router;
    }

    private void process(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String boundary;
        try {
            boundary = Multipart.boundary(request.getHeader("content-type"));
        } catch (Multipart.MultipartException e) {
            error(ctx, code(IO_ERROR, e.getMessage()));
            return;
        }
        if (boundary == null) {
            error(ctx, "request Content-Type isn't multipart/form-data");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > maxRequestBytes) {
                // Answer at once; the rest of the body is read and dropped, so the client still gets the answer.
                refused[0] = true;
                error(ctx, code(IO_ERROR, "request body larger than " + maxRequestBytes + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (refused[0]) {
                return;
            }
            workers.<byte[]>executeBlocking(() -> execute(body.getBytes(), boundary), false).onComplete(result -> {
                if (result.succeeded()) {
                    ctx.response().putHeader("content-type", "application/json").end(Buffer.buffer(result.result()));
                } else if (result.cause() instanceof ReferenceFailure f && f.panic()) {
                    ctx.response().setStatusCode(500).putHeader("content-type", "text/plain; charset=utf-8")
                            .end(f.getMessage().replace('\n', ' ') + "\n");
                } else {
                    error(ctx, result.cause().getMessage());
                }
            });
        });
        request.resume();
    }

    /** Runs on a worker: multipart → replica → execution → compat bytes; a failure's message is the error body's. */
    private byte[] execute(byte[] message, String boundary) {
        byte[] replicaJson;
        try {
            replicaJson = Multipart.concatenatedBodies(message, boundary);
        } catch (Multipart.MultipartException e) {
            throw new IllegalArgumentException(code(IO_ERROR, e.getMessage()), e);
        }
        BlockReplica replica;
        try {
            replica = json.read(replicaJson).replica();
        } catch (SpecimenException | IllegalArgumentException e) {
            throw new IllegalArgumentException(code(JSON_ERROR, "error unmarshalling replica file: "
                    + e.getMessage()), e);
        }
        try {
            return reference.bytes(replica);
        } catch (ReferenceFailure e) {
            throw e;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalStateException(code(EVM_ERROR, "error executing block " + replica.number() + ": "
                    + why), e);
        }
    }

    private static String code(int code, String message) {
        return "ERROR(" + code + "): " + message;
    }

    /** The reference's error body: the message inserted as it is, a space after the colon, no newline. */
    private static void error(RoutingContext ctx, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(500).putHeader("content-type", "application/json")
                .end("{\"error\": \"" + SafeText.line(message) + "\"}");
    }

    /** Stops the execution pool (the HTTP server closes with its Vert.x instance). */
    public void close() {
        workers.close();
    }
}
