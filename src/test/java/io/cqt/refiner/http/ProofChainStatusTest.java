package io.cqt.refiner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.pipeline.ProofChainMainVerticle;
import io.cqt.refiner.proofchain.HardhatChain;
import io.cqt.refiner.testing.BoundedHttp;
import io.cqt.refiner.testing.TestServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proof-chain mode's /status never shows the operator key, nor an API key in a URL. */
class ProofChainStatusTest {
    /** Hardhat's first well-known development account: a real key, public, worthless. */
    private static final String OPERATOR_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static final String API_KEY = "d3adb33fc0ffee";

    @TempDir
    Path data;

    @Test
    void statusMasksSecretsAndReportsTheMode() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HardhatChain.connect(vertx); // skips, saying why, when there can be no test chain
            // The start-up check asks the node for its chain id; Hardhat answers on any path, as a provider's
            // URL with an API key in it would be.
            String node = TestServices.hardhatRpc().replaceAll("/+$", "");
            ProofChainMainVerticle main = new ProofChainMainVerticle();
            JsonObject config = new JsonObject()
                    .put("proofChainRpcUrl", node + "/v3/" + API_KEY)
                    .put("bspProofChainAddress", "0x7487b04899c2572A223A8c6eC9bA919e27BBCd36")
                    .put("brpProofChainAddress", "0x4932bDc983e5146224b9C2e68cfFBFEb004A2824")
                    .put("proofChainId", 31337)
                    .put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", "0x" + OPERATOR_KEY)
                    .put("data", data.toString())
                    .put("pollMillis", 60_000)
                    .put(HttpSettings.PORT_KEY, 0);
            await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));
            String base = "http://127.0.0.1:" + main.observability().port();
            BoundedHttp http = new BoundedHttp();
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertFalse(body.toLowerCase(Locale.ROOT).contains(OPERATOR_KEY), body);
            assertFalse(body.contains(API_KEY), body);
            JsonNode status = new ObjectMapper().readTree(body);
            assertEquals("proof-chain", status.get("mode").asText());
            assertEquals(ConfigMask.MASK, status.get("config").get("BLOCK_RESULT_OPERATOR_PRIVATE_KEY").asText());
            assertEquals(node + "/" + ConfigMask.MASK, status.get("config").get("proofChainRpcUrl").asText());
            assertEquals("0x7487b04899c2572A223A8c6eC9bA919e27BBCd36",
                    status.get("config").get("bspProofChainAddress").asText());
            assertEquals(0, status.get("items").get("commit").asInt());

            // The prove stage answers healthy and no breaker is open: ready.
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("\"ready\" : true"));
        } finally {
            await(vertx.close());
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }
}
