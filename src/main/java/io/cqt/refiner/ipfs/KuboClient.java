package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A standard IPFS node through the Kubo RPC API (POST only). Files are added with the pinner's import options, so
 * the node's CID must equal ours (a difference is an error); content from {@code cat} is checked against its CID.
 */
public final class KuboClient implements ContentStore {
    /** The options under which Kubo's {@code add} computes the pinner's CIDs. */
    static final String ADD_OPTIONS = "cid-version=1&raw-leaves=true&chunker=size-" + UnixFsImporter.CHUNK_SIZE
            + "&hash=sha2-256&cid-base=base32&pin=true&progress=false";

    private final Vertx vertx;
    private final WebClient client;
    private final URI api;
    private final PinnerClient.Options options;
    private final Retrying retrying;

    /** @param api the RPC address, e.g. {@code http://127.0.0.1:5001} (the {@code /api/v0} prefix is added here) */
    public KuboClient(Vertx vertx, WebClient client, URI api, PinnerClient.Options options) {
        this.vertx = vertx;
        this.client = client;
        this.api = URI.create(api.toString().replaceAll("/+$", "") + "/api/v0/");
        this.options = options;
        this.retrying = new Retrying(vertx, options.attempts(), options.backoff());
    }

    @Override
    public Future<Cid> put(byte[] data) {
        Buffer content = Buffer.buffer(data);
        return vertx.executeBlocking(() -> UnixFsImporter.cidOf(data), false)
                .compose(expected -> add(expected, MultipartForm.create()
                        .binaryFileUpload("file", expected + ".bin", content, "application/octet-stream")));
    }

    @Override
    public Future<Cid> putFile(Path file) {
        return vertx.executeBlocking(() -> new UnixFsImporter().cidOf(file).root(), false)
                .compose(expected -> add(expected, MultipartForm.create().binaryFileUpload("file",
                        file.getFileName().toString(), file.toString(), "application/octet-stream")));
    }

    @Override
    public Future<byte[]> get(Cid cid) {
        String where = url("cat?arg=" + encode(cid));
        return retrying.run(where, () -> request(client.postAbs(where)).send().compose(response -> {
            failUnlessOk(where, response);
            return HttpReplies.verified(vertx, cid, orEmpty(response.body()), where);
        }));
    }

    /**
     * Whether the node keeps the content pinned (everything {@link #put} adds is). Asking for the pin rather than the
     * block means the node never goes looking for the block on the network.
     */
    @Override
    public Future<Boolean> has(Cid cid) {
        String where = url("pin/ls?arg=" + encode(cid) + "&type=recursive");
        return retrying.run(where, () -> request(client.postAbs(where)).send().map(response -> {
            if (response.statusCode() == 200) {
                return true;
            }
            String message = kuboMessage(orEmpty(response.body()));
            if (message != null && message.contains("is not pinned")) {
                return false;
            }
            failUnlessOk(where, response);
            return true;
        }));
    }

    @Override
    public Future<Health> health() {
        String where = url("version");
        return request(client.postAbs(where)).send().map(response -> {
            if (response.statusCode() != 200) {
                return new Health(false, where + ": HTTP " + response.statusCode());
            }
            String version = "?";
            try {
                version = new JsonObject(orEmpty(response.body())).getString("Version", "?");
            } catch (DecodeException e) {
                return new Health(false, where + ": unexpected reply " + HttpReplies.snippet(response.body()));
            }
            return new Health(true, "IPFS node " + version + " at " + api);
        }).otherwise(failure -> new Health(false, where + ": " + failure.getMessage()));
    }

    private Future<Cid> add(Cid expected, MultipartForm form) {
        String where = url("add?" + ADD_OPTIONS);
        return retrying.run(where, () -> request(client.postAbs(where)).sendMultipartForm(form).map(response -> {
            failUnlessOk(where, response);
            Cid added = addedCid(where, orEmpty(response.body()));
            if (!added.equals(expected)) {
                throw new ContentMismatchException(where + ": the node computed " + added
                        + " but the pinner's CID of the content is " + expected);
            }
            return added;
        }));
    }

    /** {@code add} answers one JSON object per line (progress, then the file); the last one names the file's CID. */
    private static Cid addedCid(String where, Buffer body) {
        String[] lines = body.toString(StandardCharsets.UTF_8).strip().split("\n");
        String last = lines[lines.length - 1];
        if (last.isBlank()) {
            throw new ContentStoreException(where + ": empty body");
        }
        try {
            String hash = new JsonObject(last).getString("Hash");
            if (hash == null) {
                throw new ContentStoreException(where + ": reply has no \"Hash\": " + HttpReplies.snippet(body));
            }
            return Cid.parse(hash);
        } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
            throw new ContentStoreException(where + ": unexpected reply " + HttpReplies.snippet(body)
                    + ": " + e.getMessage());
        }
    }

    /**
     * Kubo reports command errors as HTTP 500 with {@code {"Message": ...}}; those are answers, not outages, so only
     * other 5xx replies (a proxy, a restarting node) are retried.
     */
    private static void failUnlessOk(String where, HttpResponse<Buffer> response) {
        int status = response.statusCode();
        if (status == 200) {
            return;
        }
        Buffer body = orEmpty(response.body());
        String message = kuboMessage(body);
        String text = where + ": HTTP " + status + (message != null ? ": " + message : " " + HttpReplies.snippet(body));
        throw status >= 500 && message == null ? new Retrying.TransientFailure(text) : new ContentStoreException(text);
    }

    private static String kuboMessage(Buffer body) {
        if (body.length() == 0 || body.getByte(0) != '{') {
            return null;
        }
        try {
            return new JsonObject(body).getString("Message");
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    private HttpRequest<Buffer> request(HttpRequest<Buffer> request) {
        long millis = options.timeout().toMillis();
        return request.idleTimeout(millis).connectTimeout(millis);
    }

    private static Buffer orEmpty(Buffer body) {
        return body == null ? Buffer.buffer() : body;
    }

    private static String encode(Cid cid) {
        return URLEncoder.encode(cid.toString(), StandardCharsets.UTF_8);
    }

    private String url(String pathAndQuery) {
        return api.resolve(pathAndQuery).toString();
    }

    @Override
    public String toString() {
        return "IPFS node at " + api;
    }
}
