package io.cqt.refiner.pipeline;

import io.cqt.refiner.cluster.ClusterSettings;
import io.cqt.refiner.logging.Redaction;
import io.cqt.refiner.proofchain.OperatorKey;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.types.Address;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The proof-chain mode's settings: the YAML file's keys ({@link #KEYS}), each overridable by the environment
 * variable {@code REFINER_<KEY_IN_UPPER_SNAKE>} ({@link #envName}) and, for the reference refiner's settings, by its
 * variable too ({@link #ENV_OVERRIDES}). Every check names the key and its variables; an unknown key (a typo) is
 * refused. The operator key is held as an {@link OperatorKey}, which never prints the secret, and no error here
 * echoes a value that could be one (see {@link #shown}).
 *
 * @param startHeight   the proof-chain block a fresh journal starts reading at; empty = the head
 * @param blockBatch    proof-chain blocks read per {@code eth_getLogs} while behind
 * @param proveLossy    whether a result whose only difference from the header is a known specimen loss is proved
 *                      (flagged in the log) or aborted
 * @param compatProfile the reference evm-server release whose result bytes are proved
 * @param startCheckMillis how long each start-up check (the RPC node's chain id, a TCP connect to the pinner and
 *                      the evm-server) may take
 */
public record ProofChainConfig(URI rpcUrl, Address bspAddress, Address brpAddress, long proofChainId,
                               long specimenChainId, OperatorKey operator, URI pinnerUrl, URI evmServerUrl,
                               Path data, OptionalLong startHeight, int blockBatch, long pollMillis,
                               boolean proveLossy, CompatProfile compatProfile, int maxInFlight, int executeInstances, long executeTimeoutMillis,
                               long stageTimeoutMillis, long retryMillis, int breakerMaxFailures,
                               long breakerResetMillis, long breakerTimeoutMillis, long startCheckMillis) {

    /** Every key the config file may hold. */
    public static final List<String> KEYS = List.of("proofChainRpcUrl", "bspProofChainAddress",
            "brpProofChainAddress", "proofChainId", "specimenChainId", "pinnerUrl", "evmServerUrl", "operatorKeyFile",
            "data", "startHeight", "blockBatch", "pollMillis", "lossPolicy", "compatProfile", "maxInFlight", "executeInstances",
            "executeTimeoutMillis", "stageTimeoutMillis", "retryMillis", "breakerMaxFailures", "breakerResetMillis",
            "breakerTimeoutMillis", "startCheckMillis", "metricsHost", "metricsPort");

    /** The prefix of the systematic environment variable of every key. */
    public static final String ENV_PREFIX = "REFINER_";

    /**
     * {@code REFINER_…} variables that are not config keys but are read elsewhere, so never refused: the log format
     * (every command), the JDK the launcher re-runs on, the Docker health check's port, and the test tooling's
     * ({@code .ci/start-*}, the Hardhat, IPFS and end-to-end tests), which an operator's shell may still hold.
     */
    public static final List<String> OTHER_VARIABLES = List.of("REFINER_LOG_FORMAT", "REFINER_JAVA_HOME",
            "REFINER_HEALTH_PORT", "REFINER_HARDHAT_RPC", "REFINER_IPFS_API", "REFINER_IPFS_PORT",
            "REFINER_E2E_SPECIMEN");

    /** The reference refiner's variable → the config key it overrides. */
    public static final Map<String, String> ENV_OVERRIDES = envOverrides();

    /** A run of 64 hex digits: a private key (or a hash) that an error message must not repeat. */
    private static final Pattern SECRET_LIKE = Pattern.compile("(?i)(0x)?[0-9a-f]{64,}");

    private static Map<String, String> envOverrides() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("NODE_ETHEREUM_MAINNET", "proofChainRpcUrl");
        map.put("BSP_PROOFCHAIN_ADDRESS", "bspProofChainAddress");
        map.put("BRP_PROOFCHAIN_ADDRESS", "brpProofChainAddress");
        map.put("PROOFCHAIN_CHAIN_ID", "proofChainId");
        map.put("IPFS_PINNER_URL", "pinnerUrl");
        map.put("EVM_SERVER_URL", "evmServerUrl");
        return Collections.unmodifiableMap(map);
    }

    /** {@code REFINER_} and the key in upper snake case: {@code proofChainRpcUrl} → {@code REFINER_PROOF_CHAIN_RPC_URL}. */
    public static String envName(String key) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                name.append('_');
            }
            name.append(Character.toUpperCase(c));
        }
        return name.toString();
    }

    /** The reference refiner's variable for a key, or null. */
    public static String referenceEnvName(String key) {
        return ENV_OVERRIDES.entrySet().stream().filter(e -> e.getValue().equals(key)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /** Every environment variable this config reads (the loader asks Vert.x Config for exactly these). */
    public static List<String> environmentNames() {
        List<String> names = new ArrayList<>(ENV_OVERRIDES.keySet());
        KEYS.forEach(key -> names.add(envName(key)));
        names.add(OperatorKey.ENV_KEY);
        names.add(OperatorKey.ENV_KEY_FILE);
        return List.copyOf(names);
    }

    /**
     * Refuses a {@code REFINER_…} variable that nothing reads (a typo such as {@code REFINER_POLL_MILIS} would
     * otherwise be ignored and the default used), naming the nearest known one.
     */
    public static void checkEnvironment(Map<String, String> env) {
        Set<String> known = new HashSet<>(environmentNames());
        known.addAll(OTHER_VARIABLES);
        List<String> unknown = env.keySet().stream().filter(name -> name.startsWith(ENV_PREFIX))
                .filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            String name = unknown.get(0);
            String nearest = nearest(name, known.stream().sorted().toList());
            throw new IllegalArgumentException("environment: unknown variable " + shown(name)
                    + (nearest != null ? " (did you mean " + nearest + "?)" : " (the REFINER_… variables are the "
                    + "config keys in upper snake case; see docs/OPERATIONS.md)")
                    + (unknown.size() > 1 ? " and " + (unknown.size() - 1) + " more" : ""));
        }
    }

    /** The candidate nearest a typo, or null when none is within 3 edits. */
    private static String nearest(String typo, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = editDistance(typo.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= 3 ? best : null;
    }

    /**
     * The merged config with the command line's settings put in place of the file's and the environment's (the
     * command line is the most specific intent): {@code overrides} holds config keys.
     */
    public static JsonObject withCommandLine(JsonObject merged, JsonObject overrides) {
        JsonObject result = merged.copy();
        for (String key : overrides.fieldNames()) {
            result.remove(envName(key));
            String reference = referenceEnvName(key);
            if (reference != null) {
                result.remove(reference);
            }
            result.put(key, overrides.getValue(key));
        }
        return result;
    }

    /**
     * A value as error messages may show it: a run of 64 or more hex digits (a private key pasted into the wrong
     * place, or read from the wrong file) is replaced by a note, so no error ever repeats the operator's key.
     */
    static String shown(Object value) {
        return SECRET_LIKE.matcher(String.valueOf(value)).replaceAll("<64+ hex digits, not shown>");
    }

    /** Reads the merged config (file keys plus the environment variables of {@link #environmentNames()}). */
    public static ProofChainConfig from(JsonObject merged) {
        Set<String> known = new HashSet<>(KEYS);
        known.addAll(environmentNames());
        known.add(ClusterSettings.CONFIG_KEY); // read by `refiner run` before the pipeline starts
        for (String name : merged.fieldNames()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("config: unknown key " + shown(name) + suggestion(name));
            }
        }
        Reader in = new Reader(resolve(merged));
        int executeInstances = (int) in.positiveInt("executeInstances",
                (long) PipelineConfig.defaultExecuteInstances());
        return new ProofChainConfig(
                in.url("proofChainRpcUrl", true),
                in.address("bspProofChainAddress"),
                in.address("brpProofChainAddress"),
                in.positiveLong("proofChainId", null),
                in.positiveLong("specimenChainId", 1L),
                operator(merged, in.values().get("operatorKeyFile")),
                in.url("pinnerUrl", false),
                in.url("evmServerUrl", false),
                Path.of(in.string("data", "data")),
                in.optionalHeight("startHeight"),
                (int) in.positiveInt("blockBatch", 100L),
                in.positiveLong("pollMillis", 12_000L),
                in.lossPolicy(),
                in.compatProfile(),
                (int) in.positiveInt("maxInFlight", (long) PipelineConfig.defaultMaxInFlight(executeInstances)),
                executeInstances,
                in.positiveLong("executeTimeoutMillis", 600_000L),
                in.positiveLong("stageTimeoutMillis", 120_000L),
                in.positiveLong("retryMillis", 5_000L),
                (int) in.positiveInt("breakerMaxFailures", 3L),
                in.positiveLong("breakerResetMillis", 10_000L),
                in.positiveLong("breakerTimeoutMillis", 60_000L),
                in.positiveLong("startCheckMillis", 10_000L));
    }

    /** Each key's value with the environment's overrides applied, for settings read elsewhere (HTTP, status). */
    public static JsonObject resolved(JsonObject merged) {
        return new JsonObject(resolve(merged));
    }

    /**
     * Each key's value: the file's, overridden by its environment variable(s). When both the reference's variable
     * and {@code REFINER_…} are set they must agree, since neither can be said to be the operator's intent.
     */
    private static Map<String, Object> resolve(JsonObject merged) {
        Map<String, Object> values = new HashMap<>();
        for (String key : KEYS) {
            Object value = merged.getValue(key);
            String reference = referenceEnvName(key);
            Object fromReference = reference == null ? null : text(merged.getValue(reference));
            Object fromSystematic = text(merged.getValue(envName(key)));
            if (fromReference != null && fromSystematic != null && !fromReference.equals(fromSystematic)) {
                throw new IllegalArgumentException("config " + describe(key) + ": " + reference + " and "
                        + envName(key) + " are both set, to different values");
            }
            Object override = fromSystematic != null ? fromSystematic : fromReference;
            if (override != null) {
                value = override;
            }
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    private static Object text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString().strip();
    }

    /** The key and the variables that set it, for error messages. */
    static String describe(String key) {
        String reference = referenceEnvName(key);
        return key + " (" + (reference == null ? "" : reference + ", ") + envName(key) + ")";
    }

    /** " (did you mean …?)" for the known key nearest a typo, or nothing when none is near. */
    private static String suggestion(String unknown) {
        String best = nearest(unknown, KEYS);
        return best != null ? " (did you mean " + best + "?)" : " (known keys: " + String.join(", ", KEYS) + ")";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static OperatorKey operator(JsonObject merged, Object keyFile) {
        Map<String, String> sources = new HashMap<>();
        putIfText(sources, OperatorKey.ENV_KEY, merged.getValue(OperatorKey.ENV_KEY));
        putIfText(sources, OperatorKey.ENV_KEY_FILE, merged.getValue(OperatorKey.ENV_KEY_FILE));
        if (!sources.containsKey(OperatorKey.ENV_KEY_FILE)) {
            putIfText(sources, OperatorKey.ENV_KEY_FILE, keyFile);
        }
        try {
            return OperatorKey.fromEnvironment(sources);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + OperatorKey.ENV_KEY + " / " + OperatorKey.ENV_KEY_FILE
                    + " / " + describe("operatorKeyFile") + ": " + shown(e.getMessage()));
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

    /** For logs: every setting but the secrets (the operator shown by its address, URLs by host and port). */
    @Override
    public String toString() {
        return "proof chain " + Redaction.url(rpcUrl) + " (chain " + proofChainId + "), BSP " + bspAddress + ", BRP " + brpAddress
                + ", operator " + operator.address() + ", specimens of chain " + specimenChainId + ", store "
                + (pinnerUrl != null ? "pinner " + Redaction.url(pinnerUrl) : "local " + storeDir()) + ", execution "
                + (evmServerUrl != null ? "evm-server " + Redaction.url(evmServerUrl) : "embedded")
                + (evmServerUrl == null ? " (" + executeInstances + " at once)" : "") + ", " + maxInFlight
                + " item(s) in flight, data " + data;
    }

    /** Reads typed values, naming the key and its environment variables in every error. */
    private record Reader(Map<String, Object> values) {
        private IllegalArgumentException invalid(String key, String why) {
            return new IllegalArgumentException("config " + describe(key) + ": " + shown(why));
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
                    throw invalid(key, "not an http(s) URL: " + Redaction.url(value.toString()));
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw invalid(key, "not a URL: " + Redaction.url(value.toString()));
            }
        }

        Address address(String key) {
            String text = string(key, null);
            String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
            if (digits.length() != 40) {
                throw invalid(key, "not a 20-byte hex address (" + digits.length() + " hex digits, expected 40): "
                        + text);
            }
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

        /** A positive count that must also fit an int (instances, batch sizes). */
        long positiveInt(String key, Long fallback) {
            long parsed = positiveLong(key, fallback);
            if (parsed > Integer.MAX_VALUE) {
                throw invalid(key, "must be at most " + Integer.MAX_VALUE + ", got " + parsed);
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
            if (value instanceof Long || value instanceof Integer) {
                return ((Number) value).longValue();
            }
            try {
                return Long.parseLong(value.toString().strip().replace("_", ""));
            } catch (NumberFormatException e) {
                throw invalid(key, "not a whole number: " + value);
            }
        }

        CompatProfile compatProfile() {
            String name = string("compatProfile", CompatProfiles.DEFAULT.name());
            try {
                return CompatProfiles.named(name);
            } catch (IllegalArgumentException e) {
                throw invalid("compatProfile", e.getMessage());
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
