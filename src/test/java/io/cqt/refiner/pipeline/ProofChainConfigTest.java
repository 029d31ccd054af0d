package io.cqt.refiner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.proofchain.HardhatChain;
import io.cqt.refiner.types.Address;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProofChainConfigTest {
    // Hardhat's public account #1 key: a test key, known to everyone, standing in for a real operator's key.
    private static final String KEY = HardhatChain.OPERATOR_KEY;
    private static final String KEY_DIGITS = KEY.substring(2);

    private Vertx vertx;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static JsonObject valid() {
        return new JsonObject().put("proofChainRpcUrl", "http://127.0.0.1:8545")
                .put("bspProofChainAddress", "0x00000000000000000000000000000000000000b5")
                .put("brpProofChainAddress", "0x00000000000000000000000000000000000000b7")
                .put("proofChainId", 1284).put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", KEY);
    }

    @Test
    void anUnknownRefinerVariableIsRefusedAndTheToolingsAreNot() {
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> ProofChainConfig.checkEnvironment(java.util.Map.of("REFINER_POLL_MILIS", "100")));
        assertEquals("environment: unknown variable REFINER_POLL_MILIS (did you mean REFINER_POLL_MILLIS?)",
                typo.getMessage());
        // Everything the project reads under the prefix, the test tooling's included, stays accepted.
        java.util.Map<String, String> known = new java.util.HashMap<>();
        for (String name : List.of("REFINER_HARDHAT_RPC", "REFINER_IPFS_API", "REFINER_IPFS_PORT",
                "REFINER_JAVA_HOME", "REFINER_LOG_FORMAT", "REFINER_HEALTH_PORT", "REFINER_E2E_SPECIMEN",
                "REFINER_DATA", "REFINER_POLL_MILLIS", "REFINER_PROOF_CHAIN_RPC_URL", "PATH", "NODE_ETHEREUM_MAINNET")) {
            known.put(name, "x");
        }
        ProofChainConfig.checkEnvironment(known);
    }

    @Test
    void anUnknownRefinerVariableFailsTheLoad(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("refiner.yaml"), "pollMillis: 100\n");
        Exception e = assertThrows(Exception.class, () -> await(RunConfigLoader.load(vertx, file,
                java.util.Map.of("REFINER_POLL_MILIS", "100"))));
        assertTrue(String.valueOf(e.getMessage()).contains("unknown variable REFINER_POLL_MILIS"), e.toString());
    }

    @Test
    void aRelativeDataInTheFileIsBesideTheFile(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("etc"));
        Path file = Files.writeString(folder.resolve("refiner.yaml"), "data: state/refiner\n");
        JsonObject loaded = await(RunConfigLoader.load(vertx, file, java.util.Map.of()));
        assertEquals(folder.toAbsolutePath().resolve("state/refiner").toString(), loaded.getString("data"));
        Path absolute = Files.writeString(folder.resolve("absolute.yaml"), "data: /var/lib/refiner\n");
        assertEquals("/var/lib/refiner", await(RunConfigLoader.load(vertx, absolute, java.util.Map.of()))
                .getString("data"));
    }

    @Test
    void unsetInFlightFollowsTheWorkersSoEveryWorkerHasABlockBehindItsOwn() {
        assertEquals(16, ProofChainConfig.from(valid().put("executeInstances", 7)).maxInFlight());
        assertEquals(4, ProofChainConfig.from(valid().put("executeInstances", 1)).maxInFlight());
        assertEquals(3, ProofChainConfig.from(valid().put("executeInstances", 7).put("maxInFlight", 3)).maxInFlight());
        JsonObject directory = new JsonObject().put("inbox", "in").put("outbox", "out").put("data", "data");
        assertEquals(16, PipelineConfig.from(directory.copy().put("executeInstances", 7)).maxInFlight());
        assertEquals(PipelineConfig.defaultMaxInFlight(PipelineConfig.defaultExecuteInstances()),
                PipelineConfig.from(directory).maxInFlight());
    }

    @Test
    void theCommandLineWinsOverTheFileAndTheEnvironment() {
        JsonObject merged = valid().put("maxInFlight", 2).put("REFINER_MAX_IN_FLIGHT", "5")
                .put("data", "/from/file").put("REFINER_DATA", "/from/env").put("executeInstances", 1);
        ProofChainConfig config = ProofChainConfig.from(ProofChainConfig.withCommandLine(merged, new JsonObject()
                .put("maxInFlight", 9).put("executeInstances", 3).put("data", "/from/cli")));
        assertEquals(9, config.maxInFlight());
        assertEquals(3, config.executeInstances());
        assertEquals(Path.of("/from/cli"), config.data());
        // Without the command line the environment wins over the file, as before.
        assertEquals(5, ProofChainConfig.from(merged).maxInFlight());
    }

    @Test
    void theExampleFileLoadsAndTheEnvironmentNamesOverrideItsKeys() throws Exception {
        JsonObject loaded = await(RunConfigLoader.load(vertx, Path.of("conf/refiner.yaml")));
        assertEquals(1284, Integer.parseInt(loaded.getValue("proofChainId").toString()));
        loaded.put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", KEY)
                .put("NODE_ETHEREUM_MAINNET", "http://10.0.0.1:9933")
                .put("BRP_PROOFCHAIN_ADDRESS", "0x00000000000000000000000000000000000000aa")
                .put("PROOFCHAIN_CHAIN_ID", "31337")
                .put("REFINER_POLL_MILLIS", "250")
                .put("REFINER_LOSS_POLICY", "abort");
        ProofChainConfig config = ProofChainConfig.from(loaded);
        assertEquals(URI.create("http://10.0.0.1:9933"), config.rpcUrl());
        assertEquals(Address.fromHex("0x00000000000000000000000000000000000000aa"), config.brpAddress());
        assertEquals(Address.fromHex("0x7487b04899c2572A223A8c6eC9bA919e27BBCd36"), config.bspAddress());
        assertEquals(31337, config.proofChainId());
        assertEquals(250, config.pollMillis());
        assertFalse(config.proveLossy());
        assertNull(config.pinnerUrl());
        assertFalse(config.toString().toLowerCase(Locale.ROOT).contains(KEY_DIGITS), config::toString);
    }

    @Test
    void everyKeyHasItsSystematicVariable() {
        // Typed out by hand: the rule is REFINER_ + the key in upper snake case.
        assertEquals("REFINER_PROOF_CHAIN_RPC_URL", ProofChainConfig.envName("proofChainRpcUrl"));
        assertEquals("REFINER_BSP_PROOF_CHAIN_ADDRESS", ProofChainConfig.envName("bspProofChainAddress"));
        assertEquals("REFINER_DATA", ProofChainConfig.envName("data"));
        for (String key : ProofChainConfig.KEYS) {
            Object value = switch (key) {
                case "proofChainRpcUrl", "pinnerUrl", "evmServerUrl" -> "http://10.1.2.3:7";
                case "bspProofChainAddress", "brpProofChainAddress" -> "0x00000000000000000000000000000000000000c1";
                case "lossPolicy" -> "abort";
                case "compatProfile" -> "evm-server-1.2";
                case "data" -> "/srv/refiner";
                case "operatorKeyFile" -> null; // exercised below: it names a file
                default -> "77";
            };
            if (value == null) {
                continue;
            }
            JsonObject json = valid().put(ProofChainConfig.envName(key), value);
            ProofChainConfig c = ProofChainConfig.from(json);
            String actual = switch (key) {
                case "proofChainRpcUrl" -> c.rpcUrl().toString();
                case "pinnerUrl" -> c.pinnerUrl().toString();
                case "evmServerUrl" -> c.evmServerUrl().toString();
                case "bspProofChainAddress" -> c.bspAddress().toHex();
                case "brpProofChainAddress" -> c.brpAddress().toHex();
                case "lossPolicy" -> c.proveLossy() ? "prove" : "abort";
                case "compatProfile" -> c.compatProfile().name();
                case "data" -> c.data().toString();
                case "proofChainId" -> Long.toString(c.proofChainId());
                case "specimenChainId" -> Long.toString(c.specimenChainId());
                case "startHeight" -> Long.toString(c.startHeight().orElseThrow());
                case "blockBatch" -> Long.toString(c.blockBatch());
                case "pollMillis" -> Long.toString(c.pollMillis());
                case "maxInFlight" -> Long.toString(c.maxInFlight());
                case "executeInstances" -> Long.toString(c.executeInstances());
                case "executeTimeoutMillis" -> Long.toString(c.executeTimeoutMillis());
                case "stageTimeoutMillis" -> Long.toString(c.stageTimeoutMillis());
                case "retryMillis" -> Long.toString(c.retryMillis());
                case "breakerMaxFailures" -> Long.toString(c.breakerMaxFailures());
                case "breakerResetMillis" -> Long.toString(c.breakerResetMillis());
                case "breakerTimeoutMillis" -> Long.toString(c.breakerTimeoutMillis());
                case "startCheckMillis" -> Long.toString(c.startCheckMillis());
                // Read by the HTTP side from the resolved config, not by ProofChainConfig.
                case "metricsHost", "metricsPort" -> ProofChainConfig.resolved(json).getValue(key).toString();
                default -> throw new AssertionError("a key this test does not know: " + key);
            };
            assertEquals(value.toString().toLowerCase(Locale.ROOT), actual.toLowerCase(Locale.ROOT), key);
        }
    }

    @Test
    void theKeyFileIsNamedByItsVariablesAndMustBePrivate(@TempDir Path temp) throws IOException {
        Path file = temp.resolve("operator.key");
        Files.writeString(file, KEY + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        JsonObject json = valid();
        json.remove("BLOCK_RESULT_OPERATOR_PRIVATE_KEY");
        ProofChainConfig config = ProofChainConfig.from(json.copy().put("REFINER_OPERATOR_KEY_FILE", file.toString()));
        assertEquals(Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), config.operator().address());

        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String message = assertMessage(json.copy().put("operatorKeyFile", file.toString()), "operatorKeyFile");
        assertTrue(message.contains("chmod 600"), message);
    }

    @Test
    void invalidValuesFailNamingTheKeyAndNeverTheOperatorKey() {
        ProofChainConfig.from(valid());

        assertMessage(valid().put("bspProofChainAddress", "0x12"), "bspProofChainAddress (BSP_PROOFCHAIN_ADDRESS, "
                + "REFINER_BSP_PROOF_CHAIN_ADDRESS)");
        assertMessage(valid().put("REFINER_BRP_PROOF_CHAIN_ADDRESS", "0x" + "g".repeat(40)), "brpProofChainAddress");
        assertMessage(valid().put("NODE_ETHEREUM_MAINNET", "ftp://x"), "proofChainRpcUrl (NODE_ETHEREUM_MAINNET");
        assertMessage(valid().put("proofChainId", "moonbeam"), "proofChainId (PROOFCHAIN_CHAIN_ID");
        assertMessage(valid().put("PROOFCHAIN_CHAIN_ID", "1.5"), "proofChainId");
        assertMessage(valid().put("maxInFlight", 0), "maxInFlight (REFINER_MAX_IN_FLIGHT)");
        assertMessage(valid().put("blockBatch", "99999999999"), "blockBatch");
        assertMessage(valid().put("lossPolicy", "maybe"), "lossPolicy");
        assertMessage(valid().put("IPFS_PINNER_URL", "not a url"), "pinnerUrl (IPFS_PINNER_URL");
        assertMessage(valid().put("NODE_ETHEREUM_MAINNET", "http://a:1").put("REFINER_PROOF_CHAIN_RPC_URL",
                "http://b:1"), "NODE_ETHEREUM_MAINNET and REFINER_PROOF_CHAIN_RPC_URL");
        String typo = assertMessage(valid().put("pollMilis", 100), "unknown key pollMilis");
        assertTrue(typo.contains("did you mean pollMillis?"), typo);

        JsonObject noKey = valid();
        noKey.remove("BLOCK_RESULT_OPERATOR_PRIVATE_KEY");
        assertMessage(noKey, "BLOCK_RESULT_OPERATOR_PRIVATE_KEY");
        // A key of the wrong length, and one that is not hex: named, never echoed.
        assertMessage(valid().put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", KEY + "00"), "BLOCK_RESULT_OPERATOR_PRIVATE_KEY");
        assertMessage(valid().put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", KEY.substring(0, 60)),
                "BLOCK_RESULT_OPERATOR_PRIVATE_KEY");
        assertMessage(valid().put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", "0x" + "zz".repeat(32)),
                "BLOCK_RESULT_OPERATOR_PRIVATE_KEY");
        // The key pasted where an address, a number, a URL or a key name belongs: the error still never shows it.
        assertMessage(valid().put("BSP_PROOFCHAIN_ADDRESS", KEY), "bspProofChainAddress");
        assertMessage(valid().put("proofChainId", KEY), "proofChainId");
        assertMessage(valid().put("EVM_SERVER_URL", KEY), "evmServerUrl");
        assertMessage(valid().put("lossPolicy", KEY_DIGITS), "lossPolicy");
        assertMessage(valid().put(KEY_DIGITS, "x"), "unknown key");
    }

    @Test
    void startChecksPassAgainstTheRealChainAndNameTheKeyOfWhatIsDown() throws Exception {
        HardhatChain chain = HardhatChain.connect(vertx);
        String rpc = chain.rpc.url();
        JsonObject base = valid().put("NODE_ETHEREUM_MAINNET", rpc).put("proofChainId", HardhatChain.CHAIN_ID)
                .put("startCheckMillis", 5_000);
        int closed = closedPort();
        try (ServerSocket listening = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String open = "http://127.0.0.1:" + listening.getLocalPort();
            await(new StartupChecks(vertx, ProofChainConfig.from(base.copy()
                    .put("IPFS_PINNER_URL", open).put("EVM_SERVER_URL", open))).run());
        }
        List<String> messages = new ArrayList<>();
        messages.add(failure(base.copy().put("proofChainId", 1284), "proofChainId"));
        assertTrue(messages.getLast().contains("chain 31337"), messages.getLast());
        messages.add(failure(base.copy().put("NODE_ETHEREUM_MAINNET", "http://127.0.0.1:" + closed),
                "proofChainRpcUrl (NODE_ETHEREUM_MAINNET"));
        messages.add(failure(base.copy().put("IPFS_PINNER_URL", "http://127.0.0.1:" + closed),
                "pinnerUrl (IPFS_PINNER_URL"));
        messages.add(failure(base.copy().put("REFINER_EVM_SERVER_URL", "http://127.0.0.1:" + closed),
                "evmServerUrl (EVM_SERVER_URL"));
        // An HTTP server that is not an Ethereum node: reachable, but no eth_chainId.
        var server = await(vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(404).end())
                .listen(0, "127.0.0.1"));
        messages.add(failure(base.copy().put("NODE_ETHEREUM_MAINNET", "http://127.0.0.1:" + server.actualPort()),
                "eth_chainId"));
        await(server.close());
        for (String message : messages) {
            assertFalse(message.toLowerCase(Locale.ROOT).contains(KEY_DIGITS), message);
        }
    }

    private String failure(JsonObject json, String expected) {
        Future<Void> run = new StartupChecks(vertx, ProofChainConfig.from(json)).run();
        Throwable cause = assertThrows(Exception.class, () -> await(run));
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        assertTrue(message.contains(expected), () -> "message names " + expected + ": " + message);
        return message;
    }

    /** A loopback port nothing listens on: bound, read back, released. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static String assertMessage(JsonObject config, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProofChainConfig.from(config));
        assertTrue(e.getMessage().contains(expected), () -> "message names " + expected + ": " + e.getMessage());
        assertFalse(e.getMessage().toLowerCase(Locale.ROOT).contains(KEY_DIGITS), e::getMessage);
        return e.getMessage();
    }
}
