package io.cqt.refiner.testing;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The JDK's HTTP client as tests use it against our endpoints: HTTP/1.1 only, and every exchange bounded. Its
 * default, HTTP/2 by upgrade from HTTP/1.1, once left a test waiting on Vert.x's server for more than an hour in
 * CI, its request timeout never firing (ProofChainSessionTest, the thread dump in the note of 2026-12-07).
 */
public final class BoundedHttp {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(LIMIT).build();

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        try {
            return client.sendAsync(request, body).get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException(request.uri() + ": no complete reply within " + LIMIT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
