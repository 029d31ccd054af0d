package io.cqt.refiner.ipfs;

import io.cqt.refiner.logging.SafeText;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.cqt.refiner.logging.Redaction;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network pinner's HTTP API ({@code /upload}, {@code /get?cid=}, {@code /health}). Uploads are checked against
 * the locally computed CID and downloads against the requested one; transient failures (connection errors,
 * timeouts, 5xx) are retried with exponential backoff, anything else fails at once with a one-line message.
 * The network's current pinner (ewm-das) serves these paths as deprecated aliases with the same replies and CIDs
 * plus a {@code Warning} header: that is logged once and shown in the health detail, and changes nothing else.
 */
public final class PinnerClient implements ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(PinnerClient.class);

    /**
     * @param timeout  how long a request may go without any data moving (the pinner's {@code /get} may search
     *                 gateways for minutes)
     * @param attempts tries per call for transient failures
     * @param backoff  delay before the second try, doubled for each further one
     */
    public record Options(Duration timeout, int attempts, Duration backoff) {
        public static Options defaults() {
            return new Options(Duration.ofMinutes(5), 3, Duration.ofSeconds(2));
        }
    }

    private final Vertx vertx;
    private final HttpCalls http;
    private final URI base;
    private final Retrying retrying;
    private final AtomicReference<String> deprecation = new AtomicReference<>();

    public PinnerClient(Vertx vertx, HttpClient client, URI base, Options options) {
        this.vertx = vertx;
        this.http = new HttpCalls(vertx, client, options.timeout().toMillis());
        this.base = base.getPath().endsWith("/") ? base : URI.create(base + "/");
        this.retrying = new Retrying(vertx, options.attempts(), options.backoff());
    }

    @Override
    public Future<Cid> put(byte[] data) {
        Buffer content = Buffer.buffer(data);
        return vertx.executeBlocking(() -> UnixFsImporter.cidOf(data), false)
                .compose(expected -> upload(expected, where -> http.upload(where, expected + ".bin", content)));
    }

    @Override
    public Future<Cid> putFile(Path file) {
        return vertx.executeBlocking(() -> new UnixFsImporter().cidOf(file).root(), false)
                .compose(expected -> upload(expected, where -> http.upload(where, file)));
    }

    @Override
    public Future<byte[]> get(Cid cid) {
        String where = url("get?cid=" + URLEncoder.encode(cid.toString(), StandardCharsets.UTF_8));
        return retrying.run(where, () -> http.send(HttpMethod.GET, where)
                .compose(response -> {
                    Buffer body = response.body();
                    if (response.status() == 404) {
                        String error = HttpReplies.errorMessage(body);
                        return Future.failedFuture(new ContentNotFoundException(where + ": not found"
                                + (error == null ? "" : ": " + error)));
                    }
                    failUnlessOk(where, response);
                    return HttpReplies.verified(vertx, cid, body, where);
                }));
    }

    /** The pinner has no existence query: this fetches the content and says whether it came back verified. */
    @Override
    public Future<Boolean> has(Cid cid) {
        return get(cid).map(true).recover(failure -> failure instanceof ContentNotFoundException
                ? Future.succeededFuture(false) : Future.failedFuture(failure));
    }

    @Override
    public Future<Health> health() {
        String where = url("health");
        return http.send(HttpMethod.GET, where)
                .map(response -> response.status() == 200 ? new Health(true, "pinner at " + Redaction.url(base)
                        + (deprecation.get() == null ? "" : " (legacy API, deprecated: " + deprecation.get() + ")"))
                        : new Health(false, where + ": HTTP " + response.status()))
                .otherwise(failure -> new Health(false, where + ": " + failure.getMessage()));
    }

    private Future<Cid> upload(Cid expected, Function<String, Future<HttpCalls.Reply>> send) {
        String where = url("upload");
        return retrying.run(where, () -> send.apply(where)
                .map(response -> {
                    failUnlessOk(where, response);
                    Cid returned = uploadedCid(where, response.body());
                    if (!returned.equals(expected)) {
                        throw new ContentMismatchException(where + ": the pinner returned " + returned
                                + " but the content's CID is " + expected);
                    }
                    return returned;
                }));
    }

    private static Cid uploadedCid(String where, Buffer body) {
        if (body.length() == 0) {
            throw new ContentStoreException(where + ": empty body (the pinner ignored the upload)");
        }
        String error = HttpReplies.errorMessage(body);
        if (error != null) {
            throw new ContentStoreException(where + ": error: " + error);
        }
        try {
            String cid = new JsonObject(body).getString("cid");
            if (cid == null) {
                throw new ContentStoreException(where + ": reply has no \"cid\": " + HttpReplies.snippet(body));
            }
            return Cid.parse(cid);
        } catch (DecodeException | ClassCastException | IllegalArgumentException e) {
            throw new ContentStoreException(where + ": unexpected reply " + HttpReplies.snippet(body)
                    + ": " + e.getMessage());
        }
    }

    /** The pinner's deprecation notice, once one was seen. */
    public Optional<String> deprecationWarning() {
        return Optional.ofNullable(deprecation.get());
    }

    private void failUnlessOk(String where, HttpCalls.Reply response) {
        if (response.warning() != null && deprecation.compareAndSet(null, SafeText.line(response.warning()))) {
            LOG.warn("the pinner at {} marks its API deprecated ({}); those endpoints still give the same replies "
                    + "and CIDs, so results are unaffected (docs/OPERATIONS.md, \"Pinner\")", Redaction.url(base),
                    deprecation.get());
        }
        int status = response.status();
        if (status == 200) {
            return;
        }
        Buffer body = response.body();
        String error = HttpReplies.errorMessage(body);
        String message = where + ": HTTP " + status + (error != null ? ": " + error : " " + HttpReplies.snippet(body));
        throw status >= 500 ? new Retrying.TransientFailure(message) : new ContentStoreException(message);
    }


    private String url(String pathAndQuery) {
        return base.resolve(pathAndQuery).toString();
    }

    @Override
    public String toString() {
        return "pinner at " + Redaction.url(base);
    }
}
