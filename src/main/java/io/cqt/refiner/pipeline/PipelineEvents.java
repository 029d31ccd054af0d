package io.cqt.refiner.pipeline;

import io.cqt.refiner.proofchain.ProofChainSessions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * What the stages measure, published on {@link Addresses#METRICS} to this node only (in a cluster each node counts
 * its own work), for the metrics verticle to record. Each event is a JSON object with a {@code kind}. Publishing
 * costs one small object and never waits: a stage that runs without the metrics verticle loses nothing.
 */
public final class PipelineEvents {
    public static final String KIND = "kind";
    /** A stage finished one item: {@code table} and {@code op} (the reference's names), {@code nanos}, for execute {@code gas}. */
    public static final String STAGE = "stage";
    /** A listener's items in flight: {@code count}. */
    public static final String IN_FLIGHT = "inFlight";
    /** Proof-chain blocks between the head and the last height read: {@code lag}. */
    public static final String HEAD_LAG = "headLag";
    /** An item skipped before any work was spent on it: {@code reason} (a {@link ProofChainSessions.Verdict}). */
    public static final String SKIPPED_BEFORE_WORK = "skippedBeforeWork";

    private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

    private PipelineEvents() {
    }

    public static void stage(Vertx vertx, String table, String op, long nanos) {
        publish(vertx, new JsonObject().put(KIND, STAGE).put("table", table).put("op", op).put("nanos", nanos));
    }

    /**
     * A block of {@code gas} gas executed into a result of {@code compat}'s bytes in {@code nanos}: the {@code bsp
     * execute} stage and the EVM's Mgas/s; {@code layoutVerified} false for a fork whose reference release's bytes are
     * not public. {@code phases} splits the time.
     */
    public static void executed(Vertx vertx, long nanos, long gas, String compat, boolean layoutVerified,
                                ExecutePhases phases) {
        publish(vertx, executed(nanos, gas, compat, layoutVerified).put(ExecutePhases.RUN, phases.runNanos())
                .put(ExecutePhases.REFERENCE, phases.referenceNanos()).put(ExecutePhases.BYTES, phases.bytesNanos()));
    }

    /** As above, for an execution elsewhere (an evm-server) whose phases are not known here. */
    public static void executed(Vertx vertx, long nanos, long gas, String compat, boolean layoutVerified) {
        publish(vertx, executed(nanos, gas, compat, layoutVerified));
    }

    private static JsonObject executed(long nanos, long gas, String compat, boolean layoutVerified) {
        return new JsonObject().put(KIND, STAGE).put("table", "bsp_metrics").put("op", "execute")
                .put("nanos", nanos).put("gas", gas).put("compat", compat).put("layoutVerified", layoutVerified);
    }

    public static void inFlight(Vertx vertx, int count) {
        publish(vertx, new JsonObject().put(KIND, IN_FLIGHT).put("count", count));
    }

    public static void headLag(Vertx vertx, long lag) {
        publish(vertx, new JsonObject().put(KIND, HEAD_LAG).put("lag", lag));
    }

    public static void skippedBeforeWork(Vertx vertx, ProofChainSessions.Verdict reason) {
        publish(vertx, new JsonObject().put(KIND, SKIPPED_BEFORE_WORK)
                .put("reason", reason.name().toLowerCase(java.util.Locale.ROOT)));
    }

    private static void publish(Vertx vertx, JsonObject event) {
        vertx.eventBus().publish(Addresses.METRICS, event, LOCAL);
    }
}
