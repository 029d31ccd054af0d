package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.cqt.refiner.testing.BoundedHttp;
import io.cqt.refiner.testing.FakeRpcNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code refiner run --config} in a child JVM with an RPC URL that carries secrets in each place providers put them
 * (user info, path, query): at a start that fails (nothing listens; a node that answers errors quoting the request)
 * and while running against a node that fails every call after the start (the listener's retries), no line on
 * stdout or stderr, and nothing {@code /status} or {@code /metrics} serve, holds any of them.
 */
class SecretUrlTest {
    private static final List<String> SECRETS = List.of("PASSWORDSECRET", "PATHSECRET", "QUERYSECRET");
    private static final Pattern HTTP_PORT = Pattern.compile("metrics and health on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Path CONFIG = Path.of("conf/refiner.yaml");

    private static Map<String, String> env(Path temp, int port) {
        return Map.of("NODE_ETHEREUM_MAINNET",
                "http://operator:PASSWORDSECRET@127.0.0.1:" + port + "/v1/PATHSECRET?apikey=QUERYSECRET",
                "REFINER_DATA", temp.resolve("data").toString());
    }

    @Test
    void aNodeWhereNothingListensFailsTheStartWithoutTheSecrets(@TempDir Path temp) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (ProofChainChild run = ProofChainChild.start(temp, CONFIG, env(temp, closed))) {
            String output = run.finish();
            assertNotEquals(0, run.process().exitValue(), output);
            assertTrue(output.contains("http://***@127.0.0.1:" + closed + "/***"), output);
            assertNoSecret(output);
        }
    }

    @Test
    void aNodeAnsweringErrorsThatQuoteTheRequestFailsTheStartWithoutTheSecrets(@TempDir Path temp) throws Exception {
        HttpServer node = FakeRpcNode.start(false);
        try (ProofChainChild run = ProofChainChild.start(temp, CONFIG, env(temp, node.getAddress().getPort()))) {
            String output = run.finish();
            assertNotEquals(0, run.process().exitValue(), output);
            assertTrue(output.contains("HTTP 500"), output);
            assertNoSecret(output);
        } finally {
            node.stop(0);
        }
    }

    @Test
    void retriesAgainstAFailingNodeNeverShowTheSecrets(@TempDir Path temp) throws Exception {
        HttpServer node = FakeRpcNode.start(true);
        try (ProofChainChild run = ProofChainChild.start(temp, CONFIG, env(temp, node.getAddress().getPort()))) {
            String output = run.awaitLog(text -> ProofChainChild.count(text, "reading the proof chain failed") >= 2);
            Matcher port = HTTP_PORT.matcher(output);
            assertTrue(port.find(), output);
            BoundedHttp http = new BoundedHttp();
            for (String path : List.of("/status", "/metrics")) {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + path))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertNoSecret(body);
            }
            assertEquals(143, run.terminate());
            assertNoSecret(run.log());
        } finally {
            node.stop(0);
        }
    }

    private static void assertNoSecret(String text) {
        List<String> found = new ArrayList<>();
        for (String secret : SECRETS) {
            if (text.contains(secret)) {
                found.add(secret);
            }
        }
        assertTrue(found.isEmpty(), "shown: " + found + " in:\n" + text);
    }
}
