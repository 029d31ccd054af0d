package io.cqt.refiner.pipeline;

import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory-mode settings, read from the verticle's config object.
 *
 * @param data             journal, content store and working files live here
 * @param maxInFlight      items worked on at once; the rest wait in the inbox or the journal
 * @param executeInstances parallel EVM executions (the EVM pool's size)
 * @param scanMillis       how often the inbox and the journal are looked at
 * @param settleMillis     how long a file in the inbox must stay unchanged before it is taken
 * @param executeTimeoutMillis how long one block's execution may take before the send times out
 * @param stageTimeoutMillis   the send timeout of the other stages
 * @param retryMillis      how long an item waits after a transient failure
 * @param compatProfile    the reference evm-server release whose result bytes are written
 * @param traceRules       the trace rules ({@link PipelineRules}) whose outputs each specimen's execution also
 *                         gives, written and pinned beside its result; empty: the block result alone
 */
public record PipelineConfig(Path inbox, Path outbox, Path data, int maxInFlight, int executeInstances,
                             long scanMillis, long settleMillis, long executeTimeoutMillis, long stageTimeoutMillis,
                             long retryMillis, CompatProfile compatProfile, List<String> traceRules) {

    /** The block result alone. */
    public PipelineConfig(Path inbox, Path outbox, Path data, int maxInFlight, int executeInstances,
                          long scanMillis, long settleMillis, long executeTimeoutMillis, long stageTimeoutMillis,
                          long retryMillis, CompatProfile compatProfile) {
        this(inbox, outbox, data, maxInFlight, executeInstances, scanMillis, settleMillis, executeTimeoutMillis,
                stageTimeoutMillis, retryMillis, compatProfile, List.of());
    }

    public PipelineConfig {
        if (inbox == null || outbox == null || data == null) {
            throw new IllegalArgumentException("the pipeline needs an inbox, an outbox and a data directory");
        }
        if (compatProfile == null) {
            throw new IllegalArgumentException("the pipeline needs a compat profile");
        }
        if (maxInFlight < 1 || executeInstances < 1) {
            throw new IllegalArgumentException("maxInFlight and executeInstances must be at least 1");
        }
        traceRules = traceRules == null ? List.of() : List.copyOf(traceRules);
    }

    /**
     * Items in flight when none is configured, for {@code executeInstances} EVM workers: each worker with a block
     * executing and one decoded behind it, and as many again being read, decoded, pinned and written (4 for one
     * worker). A fixed number would leave most workers of a large machine idle.
     */
    public static int defaultMaxInFlight(int executeInstances) {
        return 2 * (executeInstances + 1);
    }

    /** EVM workers when none is configured: the CPU count less one (for decoding, pinning and the journal). */
    public static int defaultExecuteInstances() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    public static PipelineConfig from(JsonObject json) {
        int executeInstances = json.getInteger("executeInstances", defaultExecuteInstances());
        return new PipelineConfig(path(json, "inbox"), path(json, "outbox"), path(json, "data"),
                json.getInteger("maxInFlight", defaultMaxInFlight(executeInstances)),
                executeInstances,
                json.getLong("scanMillis", 500L), json.getLong("settleMillis", 1000L),
                json.getLong("executeTimeoutMillis", 600_000L), json.getLong("stageTimeoutMillis", 60_000L),
                json.getLong("retryMillis", 5_000L),
                CompatProfiles.named(json.getString("compatProfile", CompatProfiles.DEFAULT.name())),
                traceRules(json.getJsonArray("traceRules")));
    }

    public JsonObject toJson() {
        return new JsonObject().put("inbox", inbox.toString()).put("outbox", outbox.toString())
                .put("data", data.toString()).put("maxInFlight", maxInFlight)
                .put("executeInstances", executeInstances).put("scanMillis", scanMillis)
                .put("settleMillis", settleMillis).put("executeTimeoutMillis", executeTimeoutMillis)
                .put("stageTimeoutMillis", stageTimeoutMillis).put("retryMillis", retryMillis)
                .put("compatProfile", compatProfile.name()).put("traceRules", new JsonArray(traceRules));
    }

    private static List<String> traceRules(JsonArray names) {
        List<String> rules = new ArrayList<>();
        if (names != null) {
            for (Object name : names) {
                rules.add(String.valueOf(name));
            }
        }
        return rules;
    }

    public Path journalFile() {
        return data.resolve(io.cqt.refiner.journal.Journal.FILE_NAME);
    }

    public Path storeDir() {
        return data.resolve("store");
    }

    /** Inputs taken from the inbox and not yet finished. */
    public Path workDir() {
        return data.resolve("work");
    }

    /** Result bytes between execution and pinning, so a restart need not execute again. */
    public Path spoolDir() {
        return data.resolve("spool");
    }

    /** Inputs whose result is in the outbox. */
    public Path doneDir() {
        return data.resolve("done");
    }

    private static Path path(JsonObject json, String key) {
        String value = json.getString(key);
        return value == null ? null : Path.of(value);
    }
}
