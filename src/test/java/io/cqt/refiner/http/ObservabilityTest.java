package io.cqt.refiner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.pipeline.BreakerEvents;
import io.cqt.refiner.pipeline.MainVerticle;
import io.cqt.refiner.pipeline.PipelineConfig;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.testing.BoundedHttp;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory-mode pipeline refines the project's synthetic specimen once; its /metrics, /health, /ready and
 * /status are then read over real HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest {
    private static final Path SPECIMEN = Path.of("test-data/specimens/synthetic-transfers-0.37.avro");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path root;

    private Vertx vertx;
    private MainVerticle main;
    private String base;
    private final BoundedHttp http = new BoundedHttp();

    @BeforeAll
    void refineOneSpecimen(@TempDir Path root) throws Exception {
        this.root = root;
        vertx = Vertx.vertx();
        main = new MainVerticle();
        JsonObject config = new PipelineConfig(root.resolve("inbox"), root.resolve("outbox"), root.resolve("data"),
                2, 1, 50, 100, 600_000, 60_000, 200, CompatProfiles.EVM_SERVER_1_2).toJson().put(HttpSettings.PORT_KEY, 0);
        await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));
        base = "http://127.0.0.1:" + main.observability().port();
        Files.createDirectories(root.resolve("inbox"));
        Files.copy(SPECIMEN, root.resolve("inbox").resolve("synthetic.avro"));
        waitFor("/status", body -> body.contains("\"commit\" : 1"));
    }

    @AfterAll
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void metricsCountTheRefinedItem() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Scrape scrape = Scrape.parse(response.body());
        for (String event : new String[] {"bsp_decode", "bsp_execute", "ipfs_pin", "refiner_pipeline_success",
                "journal_fetch_items"}) {
            assertTrue(scrape.value("refiner_events_" + event + "_count") >= 1, event);
        }
        assertEquals(0.0, scrape.value("refiner_events_refiner_pipeline_failure_count"));
        assertTrue(scrape.value("refiner_stage_duration_seconds_count", "operation", "execute") >= 1);
        assertEquals(1.0, scrape.value("refiner_journal_items", "state", "commit"));
        assertEquals(0.0, scrape.value("refiner_journal_items", "state", "abort"));
        assertEquals(0.0, scrape.value("refiner_in_flight"));
        // Each of discover, fetched, executed, pinned, commit was written once for the one item.
        for (String state : new String[] {"discover", "fetched", "executed", "pinned", "commit"}) {
            assertEquals(1.0, scrape.value("refiner_item_transitions_total", "to", state), state);
        }
        assertTrue(scrape.value("refiner_evm_gas_total") > 0, "the synthetic block's transfers use gas");
        assertTrue(response.body().contains("refiner_results_total{compat=\"evm-server-1.2\",layout_verified="),
                "results are counted by the profile whose bytes they hold");
        assertTrue(scrape.value("refiner_evm_mgas_per_second") > 0);
        // The embedded EVM splits its stage's time; the phases add up to no more than the stage.
        double run = scrape.value("refiner_evm_execute_phase_seconds_total", "phase", "run");
        double bytes = scrape.value("refiner_evm_execute_phase_seconds_total", "phase", "bytes");
        double reference = scrape.value("refiner_evm_execute_phase_seconds_total", "phase", "reference");
        assertTrue(run > 0 && bytes > 0 && reference >= 0, run + " " + bytes + " " + reference);
        assertTrue(run + bytes + reference <= scrape.value("refiner_evm_execute_seconds_total"));
    }

    @Test
    void healthAndStatus() throws Exception {
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("UP", JSON.readTree(health.body()).get("status").asText());

        JsonNode status = JSON.readTree(get("/status").body());
        assertEquals("directory", status.get("mode").asText());
        assertEquals("evm-server-1.2", status.get("compat").get("profile").asText());
        assertTrue(status.get("version").isTextual());
        assertEquals(1, status.get("items").get("commit").asInt());
        assertEquals(0, status.get("inFlight").asInt());
        assertEquals(root.resolve("inbox").toString(), status.get("config").get("inbox").asText());
        assertEquals(0, status.get("lastErrors").size());
    }

    @Test
    void readyFollowsTheBreakers() throws Exception {
        assertEquals(200, get("/ready").statusCode());
        CircuitBreaker breaker = BreakerEvents.publishing(vertx, "pinner", CircuitBreaker.create("test-pinner", vertx,
                new CircuitBreakerOptions().setMaxFailures(1).setResetTimeout(300)));
        try {
            await(breaker.execute(() -> Future.failedFuture("pinner down")).otherwiseEmpty());
            assertEquals(CircuitBreakerState.OPEN, breaker.state());
            HttpResponse<String> notReady = waitFor("/ready", body -> body.contains("pinner"));
            assertEquals(503, notReady.statusCode());
            JsonNode reasons = JSON.readTree(notReady.body()).get("reasons");
            assertTrue(reasons.get(0).asText().startsWith("circuit breaker pinner is "), reasons.toString());
            assertEquals(2.0, Scrape.parse(get("/metrics").body()).value("refiner_breaker_state", "breaker",
                    "pinner"));

            // After the reset timeout the breaker lets a call through; its success closes it.
            waitUntil(() -> breaker.state() == CircuitBreakerState.HALF_OPEN);
            await(breaker.execute(() -> Future.succeededFuture("pinned")));
            assertEquals(CircuitBreakerState.CLOSED, breaker.state());
            HttpResponse<String> ready = waitFor("/ready", body -> body.contains("\"ready\" : true"));
            assertEquals(200, ready.statusCode());
            assertEquals(0.0, Scrape.parse(get("/metrics").body()).value("refiner_breaker_state", "breaker",
                    "pinner"));
        } finally {
            breaker.close();
        }
    }

    @Test
    void boundToLoopbackOnly() throws Exception {
        InetAddress outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (IOException e) {
                        return false;
                    }
                })
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no non-loopback address");
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(outside, main.observability().port()), 2000);
            }
        }, "the metrics port must not answer on " + outside);
        assertEquals(HttpSettings.DEFAULT_HOST, HttpSettings.from(new JsonObject(), 9568).host());
    }

    /** Every metric the Grafana dashboard queries is one this pipeline's /metrics exports. */
    @Test
    void dashboardQueriesExportedMetrics() throws Exception {
        JsonNode dashboard = JSON.readTree(Path.of("docs/grafana-dashboard.json").toFile());
        Set<String> exported = Scrape.parse(get("/metrics").body()).names();
        Set<String> queried = new TreeSet<>();
        Pattern name = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
        int expressions = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                String expr = target.get("expr").asText();
                expressions++;
                // Label matchers and grouping hold label names, not metrics: drop {...} and by (...) first.
                String bare = expr.replaceAll("\\{[^}]*}", "").replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "");
                Matcher m = name.matcher(bare);
                boolean any = false;
                while (m.find()) {
                    if (m.group().startsWith("refiner_")) {
                        queried.add(m.group());
                        any = true;
                    }
                }
                assertTrue(any, "panel " + panel.get("title") + " queries no refiner metric: " + expr);
            }
        }
        assertTrue(expressions >= 10, "the dashboard has its panels");
        Set<String> missing = new TreeSet<>(queried);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "the dashboard queries metrics /metrics does not export: " + missing);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> waitFor(String path, Predicate<String> body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(path);
            if (body.test(last.body())) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " never answered as expected; last: " + (last == null ? null : last.body()));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition never held");
            }
            Thread.sleep(20);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
    }
}
