package io.cqt.refiner.http;

import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.pipeline.Addresses;
import io.cqt.refiner.pipeline.JournalAccess;
import io.cqt.refiner.pipeline.ExecutePhases;
import io.cqt.refiner.pipeline.PipelineEvents;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the pipeline and shows it: records the stages' measurements ({@link Addresses#METRICS}), every journal
 * write ({@link Addresses#TRANSITIONS}, also logged as one line per item transition with the item's key) and the
 * breakers' states ({@link Addresses#BREAKERS}) in {@link PipelineMetrics}, and serves
 * <ul>
 *   <li>{@code /metrics}: the Prometheus text;</li>
 *   <li>{@code /health}: liveness, 200 while the pipeline runs;</li>
 *   <li>{@code /ready}: readiness, 200 only with the journal open, every breaker closed and proving not stopped by
 *       a fatal revert; else 503 with the reasons as JSON;</li>
 *   <li>{@code /status}: JSON with the version, mode, config (secrets masked), items by state, in flight, breakers,
 *       head lag and the last errors.</li>
 * </ul>
 * On loopback unless configured ({@link HttpSettings}). Event loop: the journal is read through its own thread.
 */
public final class ObservabilityVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ObservabilityVerticle.class);
    private static final Logger TRANSITIONS = LoggerFactory.getLogger("io.cqt.refiner.journal.transitions");
    public static final String MODE_DIRECTORY = "directory";
    public static final String MODE_PROOF_CHAIN = "proof-chain";
    private static final int LAST_ERRORS = 20;
    private static final long PROVE_HEALTH_TIMEOUT_MILLIS = 2_000;
    private static final Set<WorkState> UPLOADING = EnumSet.of(WorkState.EXECUTED, WorkState.PINNED,
            WorkState.PROVING);

    /** The journal, once this node owns it (a cluster follower never does: the leader's counts are on the leader). */
    private final Supplier<JournalAccess> journal;
    private final String mode;
    private final JsonObject maskedConfig;
    private final HttpSettings settings;
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final Map<String, CircuitBreakerState> breakers = new TreeMap<>();
    /** Proof-chain mode: when each item in the upload steps was executed, for {@code brp upload_*} durations. */
    private final Map<String, Long> executedAt = new HashMap<>();
    private final Deque<JsonObject> lastErrors = new ArrayDeque<>();
    private final long startedMillis = System.currentTimeMillis();
    private long inFlight;
    private long headLag = -1;
    private HttpServer server;

    /**
     * @param mode   {@link #MODE_DIRECTORY} or {@link #MODE_PROOF_CHAIN} (which also asks the prove stage's health)
     * @param config the pipeline's config as loaded, shown masked on {@code /status}
     */
    public ObservabilityVerticle(JournalAccess journal, String mode, JsonObject config, HttpSettings settings) {
        this(() -> journal, mode, config, settings);
    }

    /** For a node that may own the journal only later (a cluster member becomes leader), or never. */
    public ObservabilityVerticle(Supplier<JournalAccess> journal, String mode, JsonObject config,
            HttpSettings settings) {
        this.journal = journal;
        this.mode = mode;
        this.maskedConfig = ConfigMask.mask(config);
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        PipelineMetrics.KNOWN_BREAKERS.forEach(name -> breakers.put(name, CircuitBreakerState.CLOSED));
        List<Future<?>> ready = new ArrayList<>();
        ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.METRICS, m -> measured(m.body())).completion());
        ready.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.TRANSITIONS, m -> transition(m.body()))
                .completion());
        ready.add(vertx.eventBus().<JsonObject>consumer(Addresses.BREAKERS, m -> breaker(m.body())).completion());
        Future<?> consumers = Future.all(ready);
        if (!settings.enabled()) {
            return consumers;
        }
        Router router = Router.router(vertx);
        router.get("/metrics").handler(this::metrics);
        router.get("/health").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")
                .put("uptimeSeconds", uptimeSeconds())));
        router.get("/ready").handler(this::ready);
        router.get("/status").handler(this::status);
        return consumers.compose(v -> vertx.createHttpServer().requestHandler(router)
                        .listen(settings.port(), settings.host()))
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot serve metrics on "
                        + settings.host() + ":" + settings.port() + " (" + HttpSettings.HOST_KEY + "/"
                        + HttpSettings.PORT_KEY + "): " + e.getMessage(), e)))
                .onSuccess(listening -> {
                    server = listening;
                    LOG.info("metrics and health on http://{}:{}/ (/metrics, /health, /ready, /status)",
                            settings.host(), listening.actualPort());
                });
    }

    @Override
    public Future<?> stop() {
        metrics.close();
        return Future.succeededFuture();
    }

    /** The port listened on (the chosen one when configured 0); -1 when HTTP is off. */
    public int port() {
        return server == null ? HttpSettings.DISABLED : server.actualPort();
    }

    private void measured(JsonObject event) {
        switch (event.getString(PipelineEvents.KIND, "")) {
            case PipelineEvents.STAGE -> {
                long nanos = event.getLong("nanos", 0L);
                if (event.containsKey("gas")) {
                    metrics.executed(nanos, event.getLong("gas"));
                    if (event.containsKey(ExecutePhases.RUN)) {
                        metrics.executePhases(ExecutePhases.of(event));
                    }
                    if (event.containsKey("compat")) {
                        metrics.result(event.getString("compat"), event.getBoolean("layoutVerified", true));
                    }
                } else {
                    PipelineMetrics.Event known = PipelineMetrics.event(event.getString("table"), event.getString("op"));
                    if (known != null) {
                        metrics.record(known, nanos);
                    }
                }
            }
            case PipelineEvents.IN_FLIGHT -> {
                inFlight = event.getLong("count", 0L);
                metrics.inFlight(inFlight);
            }
            case PipelineEvents.HEAD_LAG -> {
                headLag = event.getLong("lag", -1L);
                metrics.headLag(headLag);
            }
            case PipelineEvents.SKIPPED_BEFORE_WORK -> metrics.skippedBeforeWork(event.getString("reason", "unknown"));
            default -> LOG.debug("unknown measurement {}", event);
        }
    }

    private void transition(JsonObject event) {
        String key = event.getString("key");
        WorkState to = WorkState.parse(event.getString("to"));
        WorkState from = event.getString("from") == null ? null : WorkState.parse(event.getString("from"));
        String reason = event.getString("reason");
        long at = event.getLong("at");
        long previousAt = event.getLong("previousAt", at);
        boolean failedAttempt = from == to && event.getInteger("attempts", 0) > event.getInteger("previousAttempts", 0);
        metrics.transition(to);
        log(key, from, to, failedAttempt, reason);

        if (to == WorkState.COMMITTED) {
            metrics.record(PipelineMetrics.PIPELINE_SUCCESS, millisToNanos(at - event.getLong("createdAt", at)));
        }
        if (to == WorkState.ABORTED || failedAttempt) {
            metrics.record(PipelineMetrics.PIPELINE_FAILURE, millisToNanos(at - previousAt));
        }
        if (mode.equals(MODE_PROOF_CHAIN)) {
            uploads(key, from, to, failedAttempt, at, previousAt);
        }
        if (reason != null && (failedAttempt || to == WorkState.ABORTED || to == WorkState.SKIPPED)) {
            lastErrors.addFirst(new JsonObject().put("key", key).put("state", to.label()).put("reason", reason)
                    .put("at", Instant.ofEpochMilli(at).toString()));
            while (lastErrors.size() > LAST_ERRORS) {
                lastErrors.removeLast();
            }
        }
    }

    /** The reference's {@code brp} events: pin plus proof (upload), and each proof sent. */
    private void uploads(String key, WorkState from, WorkState to, boolean failedAttempt, long at, long previousAt) {
        if (to == WorkState.EXECUTED && from != WorkState.EXECUTED) {
            executedAt.put(key, at);
        }
        if (from == WorkState.PROVING && !failedAttempt) {
            metrics.record(PipelineMetrics.BRP_PROOF, millisToNanos(at - previousAt));
        }
        if (from != null && UPLOADING.contains(from)) {
            long since = executedAt.getOrDefault(key, previousAt);
            if (to == WorkState.COMMITTED) {
                metrics.record(PipelineMetrics.BRP_UPLOAD_SUCCESS, millisToNanos(at - since));
            } else if (failedAttempt || to == WorkState.SKIPPED || to == WorkState.ABORTED) {
                metrics.record(PipelineMetrics.BRP_UPLOAD_FAILURE, millisToNanos(at - since));
            }
        }
        if (to.isTerminal()) {
            executedAt.remove(key);
        }
    }

    private static void log(String key, WorkState from, WorkState to, boolean failedAttempt, String reason) {
        String step = failedAttempt ? "failed attempt in " + to.label()
                : (from == null ? "new" : from.label()) + " → " + to.label();
        var line = (to == WorkState.ABORTED ? TRANSITIONS.atWarn() : TRANSITIONS.atInfo())
                .addKeyValue("item", key).addKeyValue("to", to.label());
        if (from != null) {
            line = line.addKeyValue("from", from.label());
        }
        if (reason != null) {
            line.log("{}: {}: {}", key, step, reason);
        } else {
            line.log("{}: {}", key, step);
        }
    }

    private void breaker(JsonObject event) {
        String name = event.getString("name");
        CircuitBreakerState state;
        try {
            state = CircuitBreakerState.valueOf(event.getString("state"));
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.debug("unknown breaker event {}", event);
            return;
        }
        breakers.put(name, state);
        metrics.breaker(name, switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        });
    }

    private Future<Void> refreshCounts() {
        JournalAccess owned = journal.get();
        if (owned == null) {
            return Future.succeededFuture();
        }
        return owned.run(Journal::countByState).onSuccess(metrics::itemsByState)
                .<Void>mapEmpty().otherwiseEmpty();
    }

    private void metrics(RoutingContext ctx) {
        // The counts are a nicety: a journal that does not answer in time must not hold the scrape.
        refreshCounts().timeout(5, TimeUnit.SECONDS).onComplete(v -> {
            try {
                ctx.response().putHeader("Content-Type", PipelineMetrics.contentType()).end(metrics.scrape());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** The reasons the pipeline is not ready; empty when it is. */
    private Future<List<String>> notReady() {
        List<String> reasons = new ArrayList<>();
        JournalAccess owned = journal.get();
        Future<Boolean> open;
        try {
            // A follower executes blocks without the journal: it is ready when its breakers are.
            open = owned == null ? Future.succeededFuture(true) : owned.run(Journal::isOpen).otherwise(false);
        } catch (RuntimeException closed) {
            open = Future.succeededFuture(false);
        }
        breakers.forEach((name, state) -> {
            if (state != CircuitBreakerState.CLOSED) {
                reasons.add("circuit breaker " + name + " is " + state.name().toLowerCase().replace('_', '-'));
            }
        });
        Future<String> proving = mode.equals(MODE_PROOF_CHAIN) ? provingStopped() : Future.succeededFuture(null);
        return Future.all(open, proving).map(done -> {
            List<String> all = new ArrayList<>();
            if (!done.<Boolean>resultAt(0)) {
                all.add("journal " + owned.journal().file() + " is not open");
            }
            all.addAll(reasons);
            if (done.resultAt(1) != null) {
                all.add(done.<String>resultAt(1));
            }
            return all;
        });
    }

    /** Why proving is stopped (a fatal revert, or a prove stage that does not answer), or null. */
    private Future<String> provingStopped() {
        return vertx.eventBus().<JsonObject>request(Addresses.PROVE_HEALTH, new JsonObject(),
                        new DeliveryOptions().setSendTimeout(PROVE_HEALTH_TIMEOUT_MILLIS))
                .map(reply -> reply.body().getBoolean("healthy", false) ? (String) null
                        : reply.body().getString("detail", "proving stopped"))
                .otherwise(e -> e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
                        ? "the prove stage is not running" : "the prove stage does not answer: " + e.getMessage());
    }

    private void ready(RoutingContext ctx) {
        notReady().onComplete(ar -> {
            List<String> reasons = ar.succeeded() ? ar.result() : List.of("readiness unknown: " + ar.cause());
            json(ctx, reasons.isEmpty() ? 200 : 503, new JsonObject().put("ready", reasons.isEmpty())
                    .put("reasons", new JsonArray(reasons)));
        });
    }

    private void status(RoutingContext ctx) {
        JournalAccess owned = journal.get();
        Future<Map<WorkState, Integer>> counts = owned == null ? Future.succeededFuture(Map.of())
                : owned.run(Journal::countByState);
        Future.join(counts, notReady()).onComplete(done -> {
            JsonObject items = new JsonObject();
            if (counts.succeeded()) {
                metrics.itemsByState(counts.result());
                counts.result().forEach((state, count) -> items.put(state.label(), count));
            }
            JsonObject breakerStates = new JsonObject();
            breakers.forEach((name, state) -> breakerStates.put(name, state.name()));
            List<String> reasons = done.result() != null && done.result().<List<String>>resultAt(1) != null
                    ? done.result().resultAt(1) : List.of("readiness unknown");
            json(ctx, 200, new JsonObject()
                    .put("version", version())
                    .put("mode", mode)
                    .put("uptimeSeconds", uptimeSeconds())
                    .put("ready", reasons.isEmpty())
                    .put("notReady", new JsonArray(reasons))
                    .put("items", items)
                    .put("inFlight", inFlight)
                    .put("headLag", headLag < 0 ? null : headLag)
                    .put("breakers", breakerStates)
                    .put("lastErrors", new JsonArray(new ArrayList<>(lastErrors)))
                    .put("compat", compat())
                    .put("config", maskedConfig));
        });
    }

    /** The reference release whose bytes this node proves, and from which fork its layout is unverified. */
    private JsonObject compat() {
        CompatProfile profile;
        try {
            profile = CompatProfiles.named(maskedConfig.getString("compatProfile", CompatProfiles.DEFAULT.name()));
        } catch (IllegalArgumentException e) {
            return new JsonObject().put("profile", maskedConfig.getString("compatProfile")).put("error", e.getMessage());
        }
        return new JsonObject().put("profile", profile.name()).put("release", profile.release())
                .put("dates", profile.dates()).put("layoutUnverifiedFrom", profile.unverifiedFrom().displayName())
                .put("reproduces", profile.reproduces());
    }

    private long uptimeSeconds() {
        return (System.currentTimeMillis() - startedMillis) / 1000;
    }

    private static String version() {
        String version = ObservabilityVerticle.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    private static long millisToNanos(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(body.encodePrettily());
    }
}
