package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network pinner's HTTP API over a {@link ContentStore}, so a refiner can run against a local pinner:
 * {@code POST /upload} (multipart; the first part with a file name is stored, none gives an empty 200),
 * {@code POST /cid} (the same, computing the CID only), {@code GET /get?cid=}, {@code GET /health}. Errors are
 * {@code {"error": "<message>"}}. Uploads stream to files in {@code uploads}, never into memory.
 */
public final class PinnerServer {
    private static final Logger LOG = LoggerFactory.getLogger(PinnerServer.class);
    /** Vert.x's BodyHandler names each upload it streams to disk by a bare random UUID. */
    private static final Pattern UPLOAD_NAME =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private final Vertx vertx;
    private final ContentStore store;
    private final Path uploads;
    private final long uploadLimit;

    public PinnerServer(Vertx vertx, ContentStore store, Path uploads, long uploadLimit) {
        this.vertx = vertx;
        this.store = store;
        this.uploads = uploads;
        this.uploadLimit = uploadLimit;
    }

    /**
     * Removes the upload files a killed server left in {@code uploads} (a finished request deletes its own). Call it
     * before the server listens, by the one process that owns the folder; only names of BodyHandler's making go,
     * anything else in the folder stays.
     */
    public static int removeAbandonedUploads(Path uploads) throws IOException {
        if (!Files.isDirectory(uploads)) {
            return 0;
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(uploads,
                file -> UPLOAD_NAME.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file))) {
            for (Path file : files) {
                removed += Files.deleteIfExists(file) ? 1 : 0;
            }
        }
        if (removed > 0) {
            LOG.info("pinner uploads {}: removed {} half-received upload(s) left by an earlier run", uploads, removed);
        }
        return removed;
    }

    public Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(router()).listen(port, host);
    }

    Router router() {
        Router router = Router.router(vertx);
        BodyHandler body = BodyHandler.create(uploads.toString()).setBodyLimit(uploadLimit)
                .setDeleteUploadedFilesOnEnd(true).setMergeFormAttributes(false);
        router.post("/upload").handler(body).handler(ctx -> withUpload(ctx, store::putFile));
        router.post("/cid").handler(body).handler(ctx -> withUpload(ctx,
                file -> vertx.executeBlocking(() -> new UnixFsImporter().cidOf(file).root(), false)));
        router.get("/get").handler(this::get);
        router.get("/health").handler(ctx -> store.health().onComplete(result -> {
            if (result.succeeded() && result.result().healthy()) {
                ctx.response().putHeader("content-type", "application/json")
                        .end(new JsonObject().put("status", "ok").encode());
            } else {
                error(ctx, 503, result.succeeded() ? result.result().detail() : result.cause().getMessage());
            }
        }));
        router.route().failureHandler(ctx -> {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            error(ctx, status, ctx.failure() != null ? ctx.failure().getMessage() : "HTTP " + status);
        });
        return router;
    }

    private void withUpload(RoutingContext ctx, Function<Path, Future<Cid>> action) {
        FileUpload upload = ctx.fileUploads().stream()
                .filter(part -> part.fileName() != null && !part.fileName().isEmpty())
                .findFirst().orElse(null);
        if (upload == null) {
            ctx.response().end(); // as the pinner: parts without a file name are ignored
            return;
        }
        action.apply(Path.of(upload.uploadedFileName())).onComplete(result -> {
            if (result.succeeded()) {
                ctx.response().putHeader("content-type", "application/json")
                        .end(new JsonObject().put("cid", result.result().toString()).encode());
            } else {
                error(ctx, 500, result.cause().getMessage());
            }
        });
    }

    private void get(RoutingContext ctx) {
        String text = ctx.queryParams().get("cid");
        Cid cid;
        try {
            cid = Cid.parse(text);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, text == null ? "missing query parameter cid" : e.getMessage());
            return;
        }
        store.get(cid).onComplete(result -> {
            if (result.succeeded()) {
                ctx.response().putHeader("content-type", "application/octet-stream")
                        .end(Buffer.buffer(result.result()));
            } else {
                error(ctx, result.cause() instanceof ContentNotFoundException ? 404 : 500, result.cause().getMessage());
            }
        });
    }

    private static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", message == null ? "HTTP " + status : message).encode());
    }
}
