package io.cqt.refiner.pipeline;

import io.cqt.refiner.proofchain.OperatorKey;
import io.cqt.refiner.types.Address;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The proof-chain mode's settings: the YAML file's keys, each overridable by the reference refiner's environment
 * variable (listed in {@link #ENV_OVERRIDES}). Every check names the key it failed on. The operator key is held as
 * an {@link OperatorKey}, which never prints the secret.
 *
 * @param startHeight   the proof-chain block a fresh journal starts reading at; empty = the head
 * @param blockBatch    proof-chain blocks read per {@code eth_getLogs} while behind
 * @param proveLossy    whether a result whose only difference from the header is a known specimen loss is proved
 *                      (flagged in the log) or aborted
 */
public record ProofChainConfig(URI rpcUrl, Address bspAddress, Address brpAddress, long proofChainId,
                               long specimenChainId, OperatorKey operator, URI pinnerUrl, URI evmServerUrl,
                               Path data, OptionalLong startHeight, int blockBatch, long pollMillis,
                               boolean proveLossy, int maxInFlight, int executeInstances, long executeTimeoutMillis,
                               long stageTimeoutMillis, long retryMillis, int breakerMaxFailures,
                               long breakerResetMillis, long breakerTimeoutMillis) {

    /** Environment variable → the config key it overrides (the reference refiner's names). */
    public static final Map<String, String> ENV_OVERRIDES = envOverrides();

    private static Map<String, String> envOverrides() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("NODE_ETHEREUM_MAINNET", "proofChainRpcUrl");
        map.put("BSP_PROOFCHAIN_ADDRESS", "bspProofChainAddress");
        map.put("BRP_PROOFCHAIN_ADDRESS", "brpProofChainAddress");
        map.put("PROOFCHAIN_CHAIN_ID", "proofChainId");
        map.put("IPFS_PINNER_URL", "pinnerUrl");
        map.put("EVM_SERVER_URL", "evmServerUrl");
        return Map.copyOf(map);
    }

    /** Reads the merged config (file keys plus any environment variables of {@link #ENV_OVERRIDES} and the key's). */
    public static ProofChainConfig from(JsonObject merged) {
        Map<String, Object> values = new HashMap<>(merged.getMap());
        ENV_OVERRIDES.forEach((env, key) -> {
            Object value = merged.getValue(env);
            if (value != null && !value.toString().isBlank()) {
                values.put(key, value);
            }
        });
        Reader in = new Reader(values);
        return new ProofChainConfig(
                in.url("proofChainRpcUrl", true),
                in.address("bspProofChainAddress"),
                in.address("brpProofChainAddress"),
                in.positiveLong("proofChainId", null),
                in.positiveLong("specimenChainId", 1L),
                operator(merged),
                in.url("pinnerUrl", false),
                in.url("evmServerUrl", false),
                Path.of(in.string("data", "data")),
                in.optionalHeight("startHeight"),
                (int) in.positiveLong("blockBatch", 100L),
                in.positiveLong("pollMillis", 12_000L),
                in.lossPolicy(),
                (int) in.positiveLong("maxInFlight", 4L),
                (int) in.positiveLong("executeInstances",
                        (long) Math.max(1, Runtime.getRuntime().availableProcessors() - 1)),
                in.positiveLong("executeTimeoutMillis", 600_000L),
                in.positiveLong("stageTimeoutMillis", 120_000L),
                in.positiveLong("retryMillis", 5_000L),
                (int) in.positiveLong("breakerMaxFailures", 3L),
                in.positiveLong("breakerResetMillis", 10_000L),
                in.positiveLong("breakerTimeoutMillis", 60_000L));
    }

    private static OperatorKey operator(JsonObject merged) {
        Map<String, String> sources = new HashMap<>();
        putIfText(sources, OperatorKey.ENV_KEY, merged.getValue(OperatorKey.ENV_KEY));
        putIfText(sources, OperatorKey.ENV_KEY_FILE, merged.getValue(OperatorKey.ENV_KEY_FILE));
        if (!sources.containsKey(OperatorKey.ENV_KEY_FILE)) {
            putIfText(sources, OperatorKey.ENV_KEY_FILE, merged.getValue("operatorKeyFile"));
        }
        try {
            return OperatorKey.fromEnvironment(sources);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + OperatorKey.ENV_KEY + " / operatorKeyFile: "
                    + e.getMessage());
        }
    }

    private static void putIfText(Map<String, String> into, String key, Object value) {
        if (value != null && !value.toString().isBlank()) {
            into.put(key, value.toString().strip());
        }
    }

    public Path journalFile() {
        return data.resolve(io.cqt.refiner.journal.Journal.FILE_NAME);
    }

    /** The local content store, used when no pinner is configured. */
    public Path storeDir() {
        return data.resolve("store");
    }

    /** Result bytes between execution and pinning, so a restart need not execute again. */
    public Path spoolDir() {
        return data.resolve("spool");
    }

    /** For logs: every setting but the key's secret (the operator is shown by its address). */
    @Override
    public String toString() {
        return "proof chain " + rpcUrl + " (chain " + proofChainId + "), BSP " + bspAddress + ", BRP " + brpAddress
                + ", operator " + operator.address() + ", specimens of chain " + specimenChainId + ", store "
                + (pinnerUrl != null ? "pinner " + pinnerUrl : "local " + storeDir()) + ", execution "
                + (evmServerUrl != null ? "evm-server " + evmServerUrl : "embedded") + ", data " + data;
    }

    /** Reads typed values, naming the key (and its environment variable) in every error. */
    private record Reader(Map<String, Object> values) {
        private String name(String key) {
            return ENV_OVERRIDES.entrySet().stream().filter(e -> e.getValue().equals(key))
                    .map(e -> key + " (" + e.getKey() + ")").findFirst().orElse(key);
        }

        private IllegalArgumentException invalid(String key, String why) {
            return new IllegalArgumentException("config " + name(key) + ": " + why);
        }

        String string(String key, String fallback) {
            Object value = values.get(key);
            if (value == null || value.toString().isBlank()) {
                if (fallback == null) {
                    throw invalid(key, "missing");
                }
                return fallback;
            }
            return value.toString().strip();
        }

        URI url(String key, boolean required) {
            Object value = values.get(key);
            if (value == null || value.toString().isBlank()) {
                if (required) {
                    throw invalid(key, "missing");
                }
                return null;
            }
            try {
                URI uri = new URI(value.toString().strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw invalid(key, "not an http(s) URL: " + value);
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw invalid(key, "not a URL: " + value);
            }
        }

        Address address(String key) {
            String text = string(key, null);
            try {
                return Address.fromHex(text);
            } catch (RuntimeException e) {
                throw invalid(key, "not a 20-byte hex address: " + text);
            }
        }

        long positiveLong(String key, Long fallback) {
            Object value = values.get(key);
            if (value == null || value.toString().isBlank()) {
                if (fallback == null) {
                    throw invalid(key, "missing");
                }
                return fallback;
            }
            long parsed = parseLong(key, value);
            if (parsed < 1) {
                throw invalid(key, "must be at least 1, got " + value);
            }
            return parsed;
        }

        OptionalLong optionalHeight(String key) {
            Object value = values.get(key);
            if (value == null || value.toString().isBlank()) {
                return OptionalLong.empty();
            }
            long parsed = parseLong(key, value);
            if (parsed < 0) {
                throw invalid(key, "must not be negative, got " + value);
            }
            return OptionalLong.of(parsed);
        }

        private long parseLong(String key, Object value) {
            if (value instanceof Number n && (n instanceof Long || n instanceof Integer)) {
                return n.longValue();
            }
            try {
                return Long.parseLong(value.toString().strip());
            } catch (NumberFormatException e) {
                throw invalid(key, "not a whole number: " + value);
            }
        }

        boolean lossPolicy() {
            String policy = string("lossPolicy", "prove").toLowerCase(Locale.ROOT);
            return switch (policy) {
                case "prove" -> true;
                case "abort" -> false;
                default -> throw invalid("lossPolicy", "expected prove or abort, got " + policy);
            };
        }
    }
}
