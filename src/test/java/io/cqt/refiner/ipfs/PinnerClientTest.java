package io.cqt.refiner.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The client against the real {@link PinnerServer} over HTTP, and against a server that misbehaves on purpose. */
@ExtendWith(VertxExtension.class)
class PinnerClientTest {
    private static final PinnerClient.Options FAST = new PinnerClient.Options(Duration.ofMillis(500), 3,
            Duration.ofMillis(20));

    @TempDir
    Path directory;
    Vertx vertx;
    WebClient web;
    io.vertx.core.http.HttpClient http;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.web = WebClient.create(vertx);
        this.http = vertx.createHttpClient();
    }

    @Test
    void uploadsAndFetchesThroughTheLocalPinner() throws Exception {
        PinnerClient client = new PinnerClient(vertx, http, startPinner(), FAST);
        assertTrue(Await.result(client.health()).healthy());

        byte[] small = "hello".getBytes();
        Cid cid = Await.result(client.put(small));
        assertEquals("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq", cid.toString());
        assertArrayEquals(small, Await.result(client.get(cid)));

        byte[] large = UnixFsImporterTest.patterned(2L * UnixFsImporter.CHUNK_SIZE + 3);
        Path file = directory.resolve("large.bin");
        Files.write(file, large);
        Cid largeCid = Await.result(client.putFile(file));
        assertEquals(UnixFsImporter.cidOf(large), largeCid);
        assertArrayEquals(large, Await.result(client.get(largeCid)));
        assertTrue(Await.result(client.has(largeCid)));
    }

    @Test
    void unknownContentIsNotFoundWithoutRetrying() throws Exception {
        PinnerClient client = new PinnerClient(vertx, http, startPinner(), FAST);
        Cid absent = UnixFsImporter.cidOf("absent".getBytes());
        Throwable failure = Await.failure(client.get(absent));
        assertInstanceOf(ContentNotFoundException.class, failure);
        assertTrue(failure.getMessage().contains("/get?cid=" + absent), failure.getMessage());
        assertFalse(Await.result(client.has(absent)));
    }

    @Test
    void pinnerServerIgnoresPartsWithoutAFileNameAndComputesCids() throws Exception {
        URI base = startPinner();
        HttpResponse<Buffer> ignored = Await.result(web.postAbs(base + "upload")
                .sendMultipartForm(MultipartForm.create().attribute("file", "no file name")));
        assertEquals(200, ignored.statusCode());
        assertEquals(0, ignored.body() == null ? 0 : ignored.body().length());

        HttpResponse<Buffer> computed = Await.result(web.postAbs(base + "cid").sendMultipartForm(MultipartForm.create()
                .binaryFileUpload("file", "h", Buffer.buffer("hello2"), "application/octet-stream")));
        assertEquals("bafkreiehfggmf4y7xjzrqhvcvhto6eg44ipnsxuyxwwjytqvatvbn5eg4q",
                computed.bodyAsJsonObject().getString("cid"));
        // /cid computes only: the content was not stored.
        Throwable failure = Await.failure(new PinnerClient(vertx, http, base, FAST).get(
                Cid.parse("bafkreiehfggmf4y7xjzrqhvcvhto6eg44ipnsxuyxwwjytqvatvbn5eg4q")));
        assertInstanceOf(ContentNotFoundException.class, failure);

        HttpResponse<Buffer> badCid = Await.result(web.getAbs(base + "get?cid=Qm123").send());
        assertEquals(400, badCid.statusCode());
        assertTrue(badCid.bodyAsJsonObject().getString("error").contains("only CIDv1"));
    }

    @Test
    void garbageIsAMismatchAndIsNotRetried() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        URI base = misbehaving(requests, request -> request.response().end("<html>not the content</html>"));
        Cid cid = UnixFsImporter.cidOf("the content".getBytes());
        Throwable failure = Await.failure(new PinnerClient(vertx, http, base, FAST).get(cid));
        assertInstanceOf(ContentMismatchException.class, failure);
        assertTrue(failure.getMessage().contains("does not match " + cid), failure.getMessage());
        assertTrue(failure.getMessage().contains("<html>not the content</html>"), failure.getMessage());
        assertEquals(1, requests.get());

        Throwable upload = Await.failure(new PinnerClient(vertx, http, base, FAST).put("x".getBytes()));
        assertTrue(upload.getMessage().contains("/upload: unexpected reply '<html>"), upload.getMessage());
    }

    @Test
    void serverErrorsAreRetriedThenReportedWithTheirMessage() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        // The pinner does not escape its messages: this body is not valid JSON, yet its message must come through.
        URI base = misbehaving(requests, request -> request.response().setStatusCode(500)
                .end("{\"error\": \"ipfs said \"no\"\"}"));
        Throwable failure = Await.failure(new PinnerClient(vertx, http, base, FAST).get(
                UnixFsImporter.cidOf("x".getBytes())));
        assertEquals(base + "get?cid=" + UnixFsImporter.cidOf("x".getBytes())
                + ": HTTP 500: ipfs said \"no\" (gave up after 3 attempts)", failure.getMessage());
        assertEquals(3, requests.get());
    }

    @Test
    void anErrorBodyWithStatus200IsAnError() throws Exception {
        URI base = misbehaving(new AtomicInteger(),
                request -> request.response().end("{\"error\": \"context deadline exceeded\"}"));
        Throwable failure = Await.failure(new PinnerClient(vertx, http, base, FAST).get(
                UnixFsImporter.cidOf("x".getBytes())));
        assertTrue(failure.getMessage().endsWith(": error: context deadline exceeded"), failure.getMessage());
        Throwable upload = Await.failure(new PinnerClient(vertx, http, base, FAST).put("x".getBytes()));
        assertTrue(upload.getMessage().endsWith("/upload: error: context deadline exceeded"), upload.getMessage());
    }

    @Test
    void emptyRepliesAreErrors() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        URI base = misbehaving(requests, request -> request.response().end());
        PinnerClient client = new PinnerClient(vertx, http, base, FAST);
        Throwable get = Await.failure(client.get(UnixFsImporter.cidOf("x".getBytes())));
        assertTrue(get.getMessage().contains(": empty body"), get.getMessage());
        Throwable put = Await.failure(client.put("x".getBytes()));
        assertTrue(put.getMessage().contains("/upload: empty body"), put.getMessage());
        assertEquals(2, requests.get(), "neither is retried");
        // The empty file's content is legitimately empty.
        assertArrayEquals(new byte[0], Await.result(client.get(UnixFsImporter.cidOf(new byte[0]))));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        URI base = misbehaving(requests, request -> { });
        PinnerClient.Options options = new PinnerClient.Options(Duration.ofMillis(200), 2, Duration.ofMillis(10));
        PinnerClient client = new PinnerClient(vertx, http, base, options);
        Throwable get = Await.failure(client.get(UnixFsImporter.cidOf("x".getBytes())));
        assertTrue(get.getMessage().contains("timed out") && get.getMessage().contains("gave up after 2 attempts"),
                get.getMessage());
        assertEquals(2, requests.get());
        Throwable put = Await.failure(client.put("x".getBytes()));
        assertTrue(put.getMessage().contains("/upload: timed out"), put.getMessage());
        assertFalse(Await.result(client.health()).healthy());
    }

    /**
     * Calls made from a thread outside Vert.x (this test's, a command's main thread) each get their reply. The
     * exchange used to be chained from the caller's thread: now and then the event loop had read the whole reply
     * before the body was asked for, and the call hung until its overall timeout (about one call in a hundred here).
     */
    @Test
    void callsFromAThreadOutsideVertxEachGetTheirReply() throws Exception {
        PinnerClient client = new PinnerClient(vertx, http, startPinner(),
                new PinnerClient.Options(Duration.ofSeconds(2), 1, Duration.ofMillis(20)));
        byte[] content = "a block result".getBytes();
        Cid cid = Await.result(client.put(content));
        for (int call = 0; call < 400; call++) {
            ContentStore.Health health = Await.result(client.health());
            assertTrue(health.healthy(), "call " + call + ": " + health.detail());
            assertArrayEquals(content, Await.result(client.get(cid)), "call " + call);
        }
    }

    @Test
    void anUnreachablePinnerFailsAfterItsRetries() throws Exception {
        HttpServer closed = Await.result(vertx.createHttpServer().requestHandler(r -> { }).listen(0, "127.0.0.1"));
        int port = closed.actualPort();
        Await.result(closed.close());
        PinnerClient client = new PinnerClient(vertx, http, URI.create("http://127.0.0.1:" + port + "/"), FAST);
        Throwable failure = Await.failure(client.get(UnixFsImporter.cidOf("x".getBytes())));
        assertTrue(failure.getMessage().startsWith("http://127.0.0.1:" + port + "/get?cid="), failure.getMessage());
        assertTrue(failure.getMessage().contains("gave up after 3 attempts"), failure.getMessage());
    }

    @Test
    void theCurrentPinnersDeprecatedAliasesWorkAndTheirWarningIsNotedOnce() throws Exception {
        // ewm-das answers the legacy paths like the older pinner, plus a Warning header (docs: ipfs.md).
        byte[] content = "a block result".getBytes();
        Cid expected = UnixFsImporter.cidOf(content);
        String notice = "199 - \"Deprecated API: use /api/v1/upload\"";
        HttpServer server = Await.result(vertx.createHttpServer().requestHandler(request -> {
            request.response().putHeader("Warning", notice);
            if (request.path().endsWith("/upload")) {
                request.body().onSuccess(body -> request.response().end("{\"cid\": \"" + expected + "\"}"));
            } else if (request.path().endsWith("/get")) {
                request.response().end(Buffer.buffer(content));
            } else {
                request.response().end();
            }
        }).listen(0, "127.0.0.1"));
        URI base = URI.create("http://127.0.0.1:" + server.actualPort() + "/");
        // a patient client: under a loaded machine the 500 ms of FAST made the health call time out
        PinnerClient client = new PinnerClient(vertx, http, base,
                new PinnerClient.Options(Duration.ofSeconds(30), 3, Duration.ofMillis(20)));
        assertTrue(client.deprecationWarning().isEmpty());
        assertEquals(expected, Await.result(client.put(content)));
        assertArrayEquals(content, Await.result(client.get(expected)));
        assertEquals(notice, client.deprecationWarning().orElseThrow());
        ContentStore.Health health = Await.result(client.health());
        assertTrue(health.healthy(), health::detail);
        assertTrue(health.detail().contains("deprecated"), health.detail());
    }

    private URI startPinner() throws Exception {
        LocalContentStore store = new LocalContentStore(vertx, directory.resolve("blocks"));
        PinnerServer server = new PinnerServer(vertx, store, directory.resolve("uploads"), 1L << 30);
        HttpServer http = Await.result(server.listen("127.0.0.1", 0));
        return URI.create("http://127.0.0.1:" + http.actualPort() + "/");
    }

    private URI misbehaving(AtomicInteger requests, io.vertx.core.Handler<HttpServerRequest> behaviour)
            throws Exception {
        HttpServer http = Await.result(vertx.createHttpServer().requestHandler(request -> {
            requests.incrementAndGet();
            // Read the whole request first, as a real server would, then misbehave.
            request.body().onSuccess(ignored -> behaviour.handle(request));
        }).listen(0, "127.0.0.1"));
        return URI.create("http://127.0.0.1:" + http.actualPort() + "/");
    }
}
