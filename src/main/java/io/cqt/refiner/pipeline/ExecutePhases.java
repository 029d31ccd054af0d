package io.cqt.refiner.pipeline;

import io.vertx.core.json.JsonObject;

/**
 * Where one block's execution stage spent its time: the run with the specimen's losses repaired and its check against
 * the header ({@code run}); the reference release's own run, when its bytes need one that differs ({@code
 * reference}, else 0); the result's bytes, the partial state root among them ({@code bytes}).
 */
public record ExecutePhases(long runNanos, long referenceNanos, long bytesNanos) {
    /** The phases' names, in events and metrics. */
    public static final String RUN = "run";
    public static final String REFERENCE = "reference";
    public static final String BYTES = "bytes";

    /** The phases of an {@code executed} event ({@link PipelineEvents}); zeros where it has none (a remote run). */
    public static ExecutePhases of(JsonObject event) {
        return new ExecutePhases(event.getLong(RUN, 0L), event.getLong(REFERENCE, 0L), event.getLong(BYTES, 0L));
    }
}
