package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.cqt.refiner.proofchain.HardhatChain;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    private static final Pattern HTTP_PORT = Pattern.compile("metrics and health on http://127\\.0\\.0\\.1:(\\d+)/");

    private static String secretUrl(int port) {
        return "http://operator:PASSWORDSECRET@127.0.0.1:" + port + "/v1/PATHSECRET?apikey=QUERYSECRET";
    }

    @Test
    void aNodeWhereNothingListensFailsTheStartWithoutTheSecrets(@TempDir Path temp) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Process process = start(temp, secretUrl(closed));
        String output = finish(process, temp);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("http://***@127.0.0.1:" + closed + "/***"), output);
        assertNoSecret(output);
    }

    @Test
    void aNodeAnsweringErrorsThatQuoteTheRequestFailsTheStartWithoutTheSecrets(@TempDir Path temp) throws Exception {
        HttpServer node = node(false);
        try {
            Process process = start(temp, secretUrl(node.getAddress().getPort()));
            String output = finish(process, temp);
            assertNotEquals(0, process.exitValue(), output);
            assertTrue(output.contains("HTTP 500"), output);
            assertNoSecret(output);
        } finally {
            node.stop(0);
        }
    }

    @Test
    void retriesAgainstAFailingNodeNeverShowTheSecrets(@TempDir Path temp) throws Exception {
        HttpServer node = node(true);
        Process process = start(temp, secretUrl(node.getAddress().getPort()));
        Path log = temp.resolve("run.log");
        try {
            String output = awaitLog(process, log, text -> count(text, "reading the proof chain failed") >= 2);
            Matcher port = HTTP_PORT.matcher(output);
            assertTrue(port.find(), output);
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/status", "/metrics")) {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + path))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                assertNoSecret(body);
            }
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "refiner run did not stop on SIGTERM");
            assertEquals(143, process.exitValue());
            assertNoSecret(Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            node.stop(0);
        }
    }

    /**
     * A JSON-RPC node on loopback whose error replies quote the request's path and query and the whole URL, as some
     * proxies do; with {@code chainIdOk} it answers {@code eth_chainId} (1284, the example config's) and fails the
     * rest.
     */
    private static HttpServer node(boolean chainIdOk) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            JsonObject request = new JsonObject(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            byte[] reply;
            int status;
            if (chainIdOk && "eth_chainId".equals(request.getString("method"))) {
                status = 200;
                reply = new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                        .put("result", "0x504").encode().getBytes(StandardCharsets.UTF_8);
            } else {
                status = chainIdOk ? 503 : 500;
                URI uri = exchange.getRequestURI();
                reply = ("upstream failed for " + uri + " (path " + uri.getPath() + ", key "
                        + uri.getQuery() + ") at http://operator:PASSWORDSECRET@node" + uri)
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static Process start(Path temp, String rpcUrl) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", classPath, Main.class.getName(),
                "run", "--config", Path.of("conf/refiner.yaml").toAbsolutePath().toString()))
                .directory(temp.toFile()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("run.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("REFINER_")
                || name.startsWith("BLOCK_RESULT_OPERATOR") || name.equals("NODE_ETHEREUM_MAINNET"));
        Map<String, String> env = new HashMap<>();
        env.put("NODE_ETHEREUM_MAINNET", rpcUrl);
        env.put("REFINER_DATA", temp.resolve("data").toString());
        env.put("REFINER_METRICS_PORT", "0");
        env.put("REFINER_POLL_MILLIS", "200");
        env.put("REFINER_RETRY_MILLIS", "100");
        env.put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", HardhatChain.OPERATOR_KEY);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Waits for the exit; the whole output. */
    private static String finish(Process process, Path temp) throws Exception {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "refiner run did not stop");
        return Files.readString(temp.resolve("run.log"), StandardCharsets.UTF_8);
    }

    private static String awaitLog(Process process, Path log, java.util.function.Predicate<String> done)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (done.test(text)) {
                return text;
            }
            if (!process.isAlive()) {
                throw new AssertionError("refiner run exited (" + process.exitValue() + "):\n" + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
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
