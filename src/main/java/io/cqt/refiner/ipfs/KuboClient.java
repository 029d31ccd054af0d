package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A standard IPFS node through the Kubo RPC API (POST only). Files are added with the pinner's import options, so
 * the node's CID must equal ours (a difference is an error); content from {@code cat} is checked against its CID.
 */
public final class KuboClient implements ContentStore {
    /** The options under which Kubo's {@code add} computes the pinner's CIDs. */
    static final String ADD_OPTIONS = "cid-version=1&raw-leaves=true&chunker=size-" + UnixFsImporter.CHUNK_SIZE
            + "&hash=sha2-256&cid-base=base32&pin=true&progress=false";

    private final Vertx vertx;
    private final HttpCalls http;
    private final URI api;
    private final Retrying retrying;

    /** @param api the RPC address, e.g. {@code http://127.0.0.1:5001} (the {@code /api/v0} prefix is added here) */
    public KuboClient(Vertx vertx, HttpClient client, URI api, PinnerClient.Options options) {
        this.vertx = vertx;
        this.http = new HttpCalls(vertx, client, options.timeout().toMillis());
        this.api = URI.create(api.toString().replaceAll("/+$", "") + "/api/v0/");
        this.retrying = new Retrying(vertx, options.attempts(), options.backoff());
    }

    @Override
    public Future<Cid> put(byte[] data) {
        Buffer content = Buffer.buffer(data);
        return vertx.executeBlocking(() -> UnixFsImporter.cidOf(data), false)
                .compose(expected -> add(expected, where -> http.upload(where, expected + ".bin", content)));
    }

    @Override
    public Future<Cid> putFile(Path file) {
        return vertx.executeBlocking(() -> new UnixFsImporter().cidOf(file).root(), false)
                .compose(expected -> add(expected, where -> http.upload(where, file)));
    }

    @Override
    public Future<byte[]> get(Cid cid) {
        String where = url("cat?arg=" + encode(cid));
        return retrying.run(where, () -> http.send(HttpMethod.POST, where).compose(response -> {
            failUnlessOk(where, response);
            return HttpReplies.verified(vertx, cid, response.body(), where);
        }));
    }

    /**
     * Whether the node keeps the content pinned (everything {@link #put} adds is). Asking for the pin rather than the
     * block means the node never goes looking for the block on the network.
     */
    @Override
    public Future<Boolean> has(Cid cid) {
        String where = url("pin/ls?arg=" + encode(cid) + "&type=recursive");
        return retrying.run(where, () -> http.send(HttpMethod.POST, where).map(response -> {
            if (response.status() == 200) {
                return true;
            }
            String message = kuboMessage(response.body());
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
        return http.send(HttpMethod.POST, where).map(response -> {
            if (response.status() != 200) {
                return new Health(false, where + ": HTTP " + response.status());
            }
            String version = "?";
            try {
                version = new JsonObject(response.body()).getString("Version", "?");
            } catch (DecodeException e) {
                return new Health(false, where + ": unexpected reply " + HttpReplies.snippet(response.body()));
            }
            return new Health(true, "IPFS node " + version + " at " + api);
        }).otherwise(failure -> new Health(false, where + ": " + failure.getMessage()));
    }

    private Future<Cid> add(Cid expected, Function<String, Future<HttpCalls.Reply>> send) {
        String where = url("add?" + ADD_OPTIONS);
        return retrying.run(where, () -> send.apply(where).map(response -> {
            failUnlessOk(where, response);
            Cid added = addedCid(where, response.body());
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
    private static void failUnlessOk(String where, HttpCalls.Reply response) {
        int status = response.status();
        if (status == 200) {
            return;
        }
        Buffer body = response.body();
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
