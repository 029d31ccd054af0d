package io.cqt.refiner.pipeline;

import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.http.HttpSettings;
import io.cqt.refiner.http.ObservabilityVerticle;
import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.rule.TraceRule;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The operator pipeline in directory mode: opens the journal, registers the message codec and deploys the stages
 * (decode and execute as workers, the EVM on its own pool; pin, outbox and the listener on the event loop).
 * <p>
 * In a clustered Vert.x every node deploys the execute stage, whose cluster-wide consumers spread blocks over the
 * nodes; the node holding the {@link Leadership} lock also opens the journal (on the shared data directory) and
 * deploys decode, pin, outbox and the listener. When that node dies the lock frees and another node takes over,
 * resuming from the journal.
 */
public final class MainVerticle extends VerticleBase implements Drainable {
    /** The pool the EVM runs on, kept apart so long blocks never starve the default worker pool. */
    static final String EVM_POOL = "refiner-evm";
    /** Config key: how long a shutdown waits for in-flight items to reach a recorded step. */
    public static final String SHUTDOWN_TIMEOUT_MILLIS = "shutdownTimeoutMillis";
    static final long DEFAULT_SHUTDOWN_TIMEOUT_MILLIS = 30_000;

    /** The deployable stages; all by default, fewer to stop the pipeline at a chosen step (tests). */
    enum Stage { DECODE, EXECUTE, PIN, OUTBOX, LISTENER }

    private final Set<Stage> stages;
    private ObservabilityVerticle observability;
    private LeaderSeat seat;

    public MainVerticle() {
        this(EnumSet.allOf(Stage.class));
    }

    MainVerticle(Set<Stage> stages) {
        this.stages = EnumSet.copyOf(stages);
    }

    @Override
    public Future<?> start() {
        PipelineConfig config;
        HttpSettings http;
        try {
            config = PipelineConfig.from(config());
            PipelineRules.resolve(config.traceRules()); // an unknown name fails the start, not every item
            http = HttpSettings.from(config(), HttpSettings.DISABLED);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        long shutdownMillis = config().getLong(SHUTDOWN_TIMEOUT_MILLIS, DEFAULT_SHUTDOWN_TIMEOUT_MILLIS);
        EventBus bus = vertx.eventBus();
        bus.unregisterDefaultCodec(WorkMessage.class);
        bus.registerDefaultCodec(WorkMessage.class, new WorkMessageCodec());
        seat = new LeaderSeat(vertx);
        // First, so that it sees every event of the stages; on every node, so each answers /health.
        observability = new ObservabilityVerticle(seat::journal, ObservabilityVerticle.MODE_DIRECTORY, config(),
                http);
        Future<?> everyNode = vertx.deployVerticle(observability).compose(id -> deployEveryNodeStages(config));
        return everyNode.compose(v -> seat.take(config.retryMillis(), () -> lead(config, shutdownMillis)));
    }

    /** The execute stage, on every node, able to run any trace rule a leader asks for. */
    private Future<?> deployEveryNodeStages(PipelineConfig config) {
        if (!stages.contains(Stage.EXECUTE)) {
            return Future.succeededFuture();
        }
        DeploymentOptions evm = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
                .setInstances(config.executeInstances()).setWorkerPoolName(EVM_POOL)
                .setWorkerPoolSize(config.executeInstances())
                .setMaxWorkerExecuteTime(config.executeTimeoutMillis()).setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
        List<TraceRule<?>> traceRules = PipelineRules.available();
        CodeCache code = CodeCache.withDefaultBound(); // one for every instance
        return vertx.deployVerticle(() -> new ExecuteVerticle(true, config.compatProfile(), traceRules, code), evm);
    }

    /** The leader's part: the journal, then decode, pin and outbox, then the listener that feeds them. */
    private Future<?> lead(PipelineConfig config, long shutdownMillis) {
        return vertx.executeBlocking(() -> Journal.open(config.journalFile(), new JournalEvents(vertx)))
                .compose(opened -> {
                    seat.journalOpened(new JournalAccess(vertx, opened));
                    return deployLeaderStages(config, shutdownMillis);
                })
                .recover(seat::abandon);
    }

    private Future<?> deployLeaderStages(PipelineConfig config, long shutdownMillis) {
        LocalContentStore store = new LocalContentStore(vertx, config.storeDir());
        // The leader alone writes the store: what a killed leader left half-written goes before anything is pinned.
        return store.removeHalfWritten().compose(removed -> deployLeaderStages(config, shutdownMillis, store));
    }

    private Future<?> deployLeaderStages(PipelineConfig config, long shutdownMillis, LocalContentStore store) {
        DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
        List<Future<String>> deployed = new ArrayList<>();
        if (stages.contains(Stage.DECODE)) {
            deployed.add(vertx.deployVerticle(new DecodeVerticle(), worker));
        }
        if (stages.contains(Stage.PIN)) {
            deployed.add(vertx.deployVerticle(new PinVerticle(store)));
        }
        if (stages.contains(Stage.OUTBOX)) {
            deployed.add(vertx.deployVerticle(new OutboxVerticle(config.outbox())));
        }
        Future<?> ready = Future.all(deployed);
        if (!stages.contains(Stage.LISTENER)) {
            return ready;
        }
        // After the stages, so the listener's first items find their consumers.
        return ready.compose(v -> vertx.deployVerticle(
                        new DirectoryListenerVerticle(config, seat.journal(), store, shutdownMillis)))
                .onSuccess(seat::listenerDeployed);
    }

    /** The journal this pipeline writes, for reading its items while it runs (null until this node leads). */
    JournalAccess journal() {
        return seat == null ? null : seat.journal();
    }

    /** Metrics, health and status of this pipeline (its HTTP port, once started). */
    public ObservabilityVerticle observability() {
        return observability;
    }

    @Override
    public Future<?> drain() {
        return seat == null ? Future.succeededFuture() : seat.drain();
    }

    @Override
    public Future<?> stop() {
        return seat == null ? Future.succeededFuture() : seat.release();
    }
}
