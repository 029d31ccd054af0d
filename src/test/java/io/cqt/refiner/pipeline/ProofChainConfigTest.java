package io.cqt.refiner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Address;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProofChainConfigTest {
    // Hardhat's public account #1 key: a test key, known to everyone.
    private static final String KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    @Test
    void theExampleFileLoadsAndTheEnvironmentNamesOverrideItsKeys() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            JsonObject loaded = RunConfigLoader.load(vertx, Path.of("conf/refiner.yaml"))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(1284, Integer.parseInt(loaded.getValue("proofChainId").toString()));
            loaded.put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", KEY)
                    .put("NODE_ETHEREUM_MAINNET", "http://10.0.0.1:9933")
                    .put("BRP_PROOFCHAIN_ADDRESS", "0x00000000000000000000000000000000000000aa")
                    .put("PROOFCHAIN_CHAIN_ID", "31337");
            ProofChainConfig config = ProofChainConfig.from(loaded);
            assertEquals(URI.create("http://10.0.0.1:9933"), config.rpcUrl());
            assertEquals(Address.fromHex("0x00000000000000000000000000000000000000aa"), config.brpAddress());
            assertEquals(Address.fromHex("0x7487b04899c2572A223A8c6eC9bA919e27BBCd36"), config.bspAddress());
            assertEquals(31337, config.proofChainId());
            assertNull(config.pinnerUrl());
            assertTrue(config.proveLossy());
            assertFalse(config.toString().contains(KEY.substring(2)), config::toString);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void invalidValuesFailNamingTheKey() {
        JsonObject valid = new JsonObject().put("proofChainRpcUrl", "http://127.0.0.1:8545")
                .put("bspProofChainAddress", "0x00000000000000000000000000000000000000b5")
                .put("brpProofChainAddress", "0x00000000000000000000000000000000000000b7")
                .put("proofChainId", 1284).put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", KEY);
        ProofChainConfig.from(valid);

        assertMessage(valid.copy().put("bspProofChainAddress", "0x12"), "bspProofChainAddress (BSP_PROOFCHAIN_ADDRESS)");
        assertMessage(valid.copy().put("NODE_ETHEREUM_MAINNET", "ftp://x"), "proofChainRpcUrl (NODE_ETHEREUM_MAINNET)");
        assertMessage(valid.copy().put("proofChainId", "moonbeam"), "proofChainId (PROOFCHAIN_CHAIN_ID)");
        assertMessage(valid.copy().put("lossPolicy", "maybe"), "lossPolicy");
        assertMessage(valid.copy().put("IPFS_PINNER_URL", "not a url"), "pinnerUrl (IPFS_PINNER_URL)");
        JsonObject noKey = valid.copy();
        noKey.remove("BLOCK_RESULT_OPERATOR_PRIVATE_KEY");
        assertMessage(noKey, "BLOCK_RESULT_OPERATOR_PRIVATE_KEY");
        String badKey = "0x" + "zz".repeat(32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProofChainConfig.from(valid.copy().put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", badKey)));
        assertFalse(e.getMessage().contains(badKey), e::getMessage);
    }

    private static void assertMessage(JsonObject config, String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProofChainConfig.from(config));
        assertTrue(e.getMessage().contains(key), () -> "message names " + key + ": " + e.getMessage());
    }
}
