package io.cqt.refiner.evmserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.json.ReplicaJsonWriter;
import io.cqt.refiner.testdata.SyntheticSpecimen;
import io.cqt.refiner.testing.BoundedHttp;
import io.cqt.refiner.testing.SharedData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evm-server API over real HTTP on an ephemeral port. */
class EvmServerTest {
    private static final long LIMIT = 64L << 20;

    @TempDir
    Path dir;

    /** The sha256 the network's pipeline tests recorded for 19434485 (evm-server-compat.md). */
    private static final String RECORDED_19434485 =
            "0x4bb6dcf767011c8ac64f78740078dcb0d9a680751a07030957418f8ab6c5d619";

    private final List<EvmServer> others = new ArrayList<>();
    private Vertx vertx;
    private EvmServer evmServer;
    private WebClient web;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        evmServer = new EvmServer(vertx, new ReferenceExecutor(CompatProfiles.DEFAULT), 1,
                LIMIT);
        HttpServer server = await(evmServer.listen("127.0.0.1", 0));
        port = server.actualPort();
        web = WebClient.create(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
        evmServer.close();
        others.forEach(EvmServer::close);
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get();
    }

    private HttpResponse<Buffer> post(MultipartForm form) throws Exception {
        return await(web.post(port, "127.0.0.1", "/process").sendMultipartForm(form));
    }

    /** The result bytes `refine --compat PROFILE` writes for a file. */
    private byte[] refined(Path specimen, String profile) throws Exception {
        Path out = dir.resolve("out-" + profile);
        int status = io.cqt.refiner.cli.Main.run("refine", "--compat", profile, "--out", out.toString(),
                specimen.toString());
        assertEquals(0, status);
        try (var files = Files.list(out)) {
            return Files.readAllBytes(files.filter(f -> f.toString().endsWith(".result.json")).findFirst()
                    .orElseThrow());
        }
    }

    private byte[] refined(Path specimen) throws Exception {
        return refined(specimen, CompatProfiles.DEFAULT.name());
    }

    private int listen(CompatProfile profile) throws Exception {
        EvmServer server = new EvmServer(vertx, new ReferenceExecutor(profile), 1, LIMIT);
        others.add(server);
        return await(server.listen("127.0.0.1", 0)).actualPort();
    }

    private static MultipartForm specimenForm(Path specimen) throws IOException {
        return MultipartForm.create().binaryFileUpload("file", "specimen.json",
                Buffer.buffer(Files.readAllBytes(specimen)), "application/json");
    }

    @Test
    void theMarch2024ReleaseAnswersWithTheNetworksRecordedResult() throws Exception {
        Path specimen = SharedData.specimen(19434485L, "specimen.json");
        int port12 = listen(CompatProfiles.EVM_SERVER_1_2);
        HttpResponse<Buffer> response = await(web.post(port12, "127.0.0.1", "/process")
                .sendMultipartForm(specimenForm(specimen)));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        byte[] body = response.bodyAsBuffer().getBytes();
        assertEquals(RECORDED_19434485, ResultHashes.sha256(body).toString());
        assertArrayEquals(refined(specimen, CompatProfiles.EVM_SERVER_1_2.name()), body);
    }

    @Test
    void aReleaseThatPanicsAnswersPlainText() throws Exception {
        // v1.3 reads the blob fee cap codec 0.36 dropped from 19434485's blob transaction.
        HttpResponse<Buffer> response = post(specimenForm(SharedData.specimen(19434485L, "specimen.json")));
        assertEquals(500, response.statusCode());
        assertTrue(response.getHeader("content-type").startsWith("text/plain"), response.getHeader("content-type"));
        String body = response.bodyAsString();
        assertTrue(body.endsWith("\n") && body.indexOf('\n') == body.length() - 1, body);
        assertTrue(body.contains("blob fee cap") && !body.startsWith("{"), body);
    }

    @Test
    void aSpecimenPostedAsMultipartGivesTheRefineCompatBytes() throws Exception {
        Path specimen = SharedData.specimen(17090940L, "specimen.json");
        byte[] expected = refined(specimen);
        HttpResponse<Buffer> response = post(specimenForm(specimen));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertArrayEquals(expected, response.bodyAsBuffer().getBytes());
    }

    @Test
    void thePartsAreConcatenatedInOrder() throws Exception {
        Path specimen = SharedData.specimen(22433670L, "specimen.json");
        byte[] json = Files.readAllBytes(specimen);
        int half = json.length / 2; // the JSON is ASCII, so any split point is a character boundary
        HttpResponse<Buffer> response = post(MultipartForm.create()
                .binaryFileUpload("a", "first", Buffer.buffer(Arrays.copyOfRange(json, 0, half)), "text/plain")
                .binaryFileUpload("b", "second", Buffer.buffer(Arrays.copyOfRange(json, half, json.length)),
                        "text/plain"));
        assertEquals(200, response.statusCode(), response.bodyAsString());
        assertArrayEquals(refined(specimen), response.bodyAsBuffer().getBytes());
    }

    @Test
    void aRequestThatIsNotMultipartGetsTheReferenceError() throws Exception {
        BoundedHttp client = new BoundedHttp();
        var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/process"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                BodyHandlers.ofString());
        assertEquals(500, response.statusCode());
        assertEquals("{\"error\": \"request Content-Type isn't multipart/form-data\"}", response.body());
    }

    @Test
    void garbageJsonIsAnUnmarshallingError() throws Exception {
        HttpResponse<Buffer> response = post(MultipartForm.create()
                .binaryFileUpload("file", "x.json", Buffer.buffer("invalid", "UTF-8"), "application/json"));
        assertEquals(500, response.statusCode());
        String body = response.bodyAsString();
        assertTrue(body.startsWith("{\"error\": \"ERROR(10): error unmarshalling replica file: "), body);
        assertTrue(body.endsWith("\"}") && !body.contains("\n"), body);
    }

    @Test
    void dataAfterTheReplicaIsAnUnmarshallingErrorAsInTheReference() throws Exception {
        Specimen specimen = SpecimenReader.read(SyntheticSpecimen.avro(), null);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new ReplicaJsonWriter(false).write(specimen.replica().asEvmServerInput(), null, json);
        HttpResponse<Buffer> whole = post(MultipartForm.create().binaryFileUpload("file", "replica.json",
                Buffer.buffer(json.toByteArray()), "application/json"));
        assertEquals(200, whole.statusCode(), whole.bodyAsString());
        json.write("\n{}".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<Buffer> trailing = post(MultipartForm.create().binaryFileUpload("file", "replica.json",
                Buffer.buffer(json.toByteArray()), "application/json"));
        assertEquals(500, trailing.statusCode());
        String body = trailing.bodyAsString();
        assertTrue(body.startsWith("{\"error\": \"ERROR(10): error unmarshalling replica file: trailing data"),
                body);
    }

    @Test
    void aBodyOverTheLimitIsRefused() throws Exception {
        EvmServer small = new EvmServer(vertx, new ReferenceExecutor(CompatProfiles.DEFAULT),
                1, 1000);
        int smallPort = await(small.listen("127.0.0.1", 0)).actualPort();
        HttpResponse<Buffer> response = await(web.post(smallPort, "127.0.0.1", "/process")
                .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "big.json",
                        Buffer.buffer(new byte[10_000]), "application/json")));
        small.close();
        assertEquals(500, response.statusCode());
        assertEquals("{\"error\": \"ERROR(11): request body larger than 1000 bytes\"}", response.bodyAsString());
    }

    @Test
    void health() throws Exception {
        HttpResponse<Buffer> response = await(web.get(port, "127.0.0.1", "/health").send());
        assertEquals(200, response.statusCode());
        assertEquals("I'm healthy", response.bodyAsString(StandardCharsets.UTF_8.name()));
    }
}
