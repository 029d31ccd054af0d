package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * HTTP requests of the remote stores. Uploads are a one-part {@code multipart/form-data} body written by hand so that
 * a file is piped from an {@link AsyncFile} (read on workers, with back-pressure) instead of being encoded on the
 * event loop, which for files of hundreds of MB blocks it for seconds.
 */
final class HttpCalls {
    /** A reply: status, the whole body, and its {@code Warning} header (null when none). */
    record Reply(int status, Buffer body, String warning) {
    }

    private final Vertx vertx;
    private final HttpClient http;
    private final long timeoutMillis;

    HttpCalls(Vertx vertx, HttpClient http, long timeoutMillis) {
        this.vertx = vertx;
        this.http = http;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A request without a body. Besides the connect and idle timeouts, the whole exchange is bounded by three idle
     * timeouts, so that a caller never waits forever whatever the connection does.
     */
    Future<Reply> send(HttpMethod method, String url) {
        return onContext(() -> http.request(options(method, url))
                .compose(HttpClientRequest::send)
                .compose(response -> response.body().map(body -> reply(response, body))))
                .timeout(3 * timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Posts bytes as the file part {@code file} named {@code filename}. */
    Future<Reply> upload(String url, String filename, Buffer content) {
        String boundary = boundary();
        Buffer body = Buffer.buffer().appendBuffer(preamble(boundary, filename)).appendBuffer(content)
                .appendBuffer(epilogue(boundary));
        return onContext(() -> http.request(options(HttpMethod.POST, url)).compose(request -> {
            request.putHeader(HttpHeaders.CONTENT_TYPE, contentType(boundary));
            return request.send(body);
        }).compose(response -> response.body().map(b -> reply(response, b))));
    }

    /** Posts a file as the file part {@code file}, streamed from disk. */
    Future<Reply> upload(String url, Path file) {
        String boundary = boundary();
        Buffer preamble = preamble(boundary, file.getFileName().toString());
        Buffer epilogue = epilogue(boundary);
        return onContext(() -> streamUpload(url, file, boundary, preamble, epilogue));
    }

    private Future<Reply> streamUpload(String url, Path file, String boundary, Buffer preamble, Buffer epilogue) {
        return vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true).setWrite(false))
                .compose(source -> http.request(options(HttpMethod.POST, url)).compose(request -> source.size()
                        .compose(size -> {
                            request.putHeader(HttpHeaders.CONTENT_TYPE, contentType(boundary));
                            request.putHeader(HttpHeaders.CONTENT_LENGTH,
                                    String.valueOf(preamble.length() + size + epilogue.length()));
                            request.write(preamble);
                            source.pipe().endOnSuccess(false).to(request).compose(done -> request.end(epilogue));
                            return request.response();
                        }))
                        .compose(response -> response.body().map(b -> reply(response, b)))
                        .andThen(ignored -> source.close()));
    }

    /**
     * Builds and chains an exchange on a Vert.x context's own thread. Chained from any other thread (a test's, a
     * command's main thread, a worker inside {@code executeBlocking}), a step could be attached after the event loop
     * had already read the whole reply: the body was then never delivered and the call hung until the overall
     * timeout, about one call in a hundred on loopback. On the context's thread each step is attached before the
     * event loop handles the next event of the exchange.
     */
    private <T> Future<T> onContext(Supplier<Future<T>> exchange) {
        Promise<T> result = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> {
            try {
                exchange.get().onComplete(result);
            } catch (RuntimeException e) {
                result.fail(e);
            }
        });
        return result.future();
    }

    private static Reply reply(HttpClientResponse response, Buffer body) {
        return new Reply(response.statusCode(), body, response.getHeader("Warning"));
    }

    private RequestOptions options(HttpMethod method, String url) {
        return new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
    }

    /** A fresh boundary per upload, so that no content can contain it by accident. */
    private static String boundary() {
        return "refiner-" + UUID.randomUUID();
    }

    private static String contentType(String boundary) {
        return "multipart/form-data; boundary=" + boundary;
    }

    private static Buffer epilogue(String boundary) {
        return Buffer.buffer("\r\n--" + boundary + "--\r\n");
    }

    private static Buffer preamble(String boundary, String filename) {
        // The pinner stores only parts with a file name; quotes and line breaks would break the header.
        String safe = filename.replaceAll("[\"\\r\\n\\\\]", "_");
        return Buffer.buffer(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + safe + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
