package io.cqt.refiner.pipeline;

import io.cqt.refiner.http.HttpSettings;
import io.cqt.refiner.http.ObservabilityVerticle;
import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.journal.Journal;
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
 */
public final class MainVerticle extends VerticleBase {
    /** The pool the EVM runs on, kept apart so long blocks never starve the default worker pool. */
    static final String EVM_POOL = "refiner-evm";

    /** The deployable stages; all by default, fewer to stop the pipeline at a chosen step (tests). */
    enum Stage { DECODE, EXECUTE, PIN, OUTBOX, LISTENER }

    private final Set<Stage> stages;
    private JournalAccess journal;
    private ObservabilityVerticle observability;

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
            http = HttpSettings.from(config(), HttpSettings.DISABLED);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        EventBus bus = vertx.eventBus();
        bus.unregisterDefaultCodec(WorkMessage.class);
        bus.registerDefaultCodec(WorkMessage.class, new WorkMessageCodec());
        return vertx.executeBlocking(() -> Journal.open(config.journalFile(), new JournalEvents(vertx)))
                .compose(opened -> {
                    journal = new JournalAccess(vertx, opened);
                    // First, so that it sees every event of the stages.
                    observability = new ObservabilityVerticle(journal, ObservabilityVerticle.MODE_DIRECTORY,
                            config(), http);
                    return vertx.deployVerticle(observability);
                })
                .compose(id -> deployStages(config));
    }

    private Future<?> deployStages(PipelineConfig config) {
        LocalContentStore store = new LocalContentStore(vertx, config.storeDir());
        DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
        DeploymentOptions evm = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
                .setInstances(config.executeInstances()).setWorkerPoolName(EVM_POOL)
                .setWorkerPoolSize(config.executeInstances())
                .setMaxWorkerExecuteTime(config.executeTimeoutMillis()).setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS);
        List<Future<String>> deployed = new ArrayList<>();
        if (stages.contains(Stage.DECODE)) {
            deployed.add(vertx.deployVerticle(new DecodeVerticle(), worker));
        }
        if (stages.contains(Stage.EXECUTE)) {
            deployed.add(vertx.deployVerticle(() -> new ExecuteVerticle(), evm));
        }
        if (stages.contains(Stage.PIN)) {
            deployed.add(vertx.deployVerticle(new PinVerticle(store)));
        }
        if (stages.contains(Stage.OUTBOX)) {
            deployed.add(vertx.deployVerticle(new OutboxVerticle(config.outbox())));
        }
        if (stages.contains(Stage.LISTENER)) {
            deployed.add(vertx.deployVerticle(new DirectoryListenerVerticle(config, journal, store)));
        }
        return Future.all(deployed);
    }

    /** The journal this pipeline writes, for reading its items while it runs. */
    JournalAccess journal() {
        return journal;
    }

    /** Metrics, health and status of this pipeline (its HTTP port, once started). */
    public ObservabilityVerticle observability() {
        return observability;
    }

    @Override
    public Future<?> stop() {
        if (journal == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            journal.close();
            return null;
        });
    }
}
