package io.cqt.refiner.pipeline;

import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.http.HttpSettings;
import io.cqt.refiner.http.ObservabilityVerticle;
import io.cqt.refiner.ipfs.ContentStore;
import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.ipfs.PinnerClient;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.proofchain.JsonRpcClient;
import io.cqt.refiner.proofchain.ProofChainSessions;
import io.cqt.refiner.proofchain.ProofSubmitter;
import io.cqt.refiner.proofchain.SenderOptions;
import io.cqt.refiner.proofchain.TransactionSender;
import io.cqt.refiner.result.CompatProfile;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator pipeline in proof-chain mode: loads the config ({@code configFile} in this verticle's config: the
 * YAML file plus environment overrides; else this verticle's config object itself), checks the services it names
 * answer ({@link StartupChecks}), opens the journal, creates one
 * circuit breaker per external system (pinner, evm-server) and deploys decode, execute (embedded EVM on its own
 * pool, or the remote evm-server), pin, prove and the proof-chain listener.
 * <p>
 * In a clustered Vert.x every node deploys the execute stage; the node holding the {@link Leadership} lock opens
 * the journal (on the shared data directory) and deploys decode, pin, prove and the listener. When it dies another
 * node takes the lock and resumes from the journal. Stopping takes the listener down first, so no new item starts;
 * items in flight resume from their last recorded step.
 */
public final class ProofChainMainVerticle extends VerticleBase implements Drainable {
    private static final Logger LOG = LoggerFactory.getLogger(ProofChainMainVerticle.class);
    /** The key of this verticle's config naming the YAML file. */
    public static final String CONFIG_FILE = "configFile";
    /** The key of this verticle's config holding settings given on the command line (config keys; they win). */
    public static final String COMMAND_LINE = "commandLine";

    private ObservabilityVerticle observability;
    private final List<CircuitBreaker> breakers = new ArrayList<>();
    private LeaderSeat seat;

    @Override
    public Future<?> start() {
        String file = config().getString(CONFIG_FILE);
        JsonObject commandLine = config().getJsonObject(COMMAND_LINE, new JsonObject());
        Future<JsonObject> raw = (file != null ? RunConfigLoader.load(vertx, Path.of(file))
                : Future.succeededFuture(withoutCommandLine(config())))
                .map(loaded -> ProofChainConfig.withCommandLine(loaded, commandLine));
        seat = new LeaderSeat(vertx);
        // Reading the key file, the key's curve arithmetic and the first use of the metrics and HTTP client
        // libraries (class loading) take seconds on a cold JVM: on a worker, so the event loops stay free.
        return raw.compose(json -> vertx.executeBlocking(() -> prepare(json, file != null), false)).compose(ready -> {
            ProofChainConfig config = ready.config();
            LOG.info("proof-chain mode: {}", config);
            EventBus bus = vertx.eventBus();
            bus.unregisterDefaultCodec(WorkMessage.class);
            bus.registerDefaultCodec(WorkMessage.class, new WorkMessageCodec());
            observability = ready.observability();
            Future<?> everyNode = new StartupChecks(vertx, config, ready.web()).run()
                    .compose(checked -> vertx.deployVerticle(observability))
                    .compose(id -> deployExecute(config));
            return everyNode.compose(v -> seat.take(config.retryMillis(), () -> lead(config, ready.web())))
                    .<Void>mapEmpty();
        });
    }

    /** What the start builds off the event loop: the checked config, the observability verticle, one web client. */
    private record Prepared(ProofChainConfig config, ObservabilityVerticle observability, WebClient web) {
    }

    private Prepared prepare(JsonObject json, boolean fromFile) {
        ProofChainConfig config = ProofChainConfig.from(json);
        // `refiner run --config` serves on the reference's port unless told otherwise; code asks for it.
        HttpSettings http = HttpSettings.from(ProofChainConfig.resolved(json),
                fromFile ? HttpSettings.DEFAULT_PORT : HttpSettings.DISABLED);
        // First deployed, so that it sees every event of the stages; on every node, so each answers /health.
        ObservabilityVerticle observability = new ObservabilityVerticle(seat::journal,
                ObservabilityVerticle.MODE_PROOF_CHAIN, json, http);
        return new Prepared(config, observability, WebClient.create(vertx));
    }

    private static JsonObject withoutCommandLine(JsonObject config) {
        JsonObject copy = config.copy();
        copy.remove(COMMAND_LINE);
        return copy;
    }

    /** The leader's part: the journal, then decode, pin and prove, then the listener that feeds them. */
    private Future<?> lead(ProofChainConfig config, WebClient web) {
        // The journal's file and the proof clients (web3j's classes) on a worker, as the rest of the start.
        return vertx.executeBlocking(() -> new Leading(Journal.open(config.journalFile(), new JournalEvents(vertx)),
                        proofClients(config, web)))
                .compose(leading -> {
                    seat.journalOpened(new JournalAccess(vertx, leading.journal()));
                    ContentStore store = contentStore(config);
                    // The leader alone writes the local store: what a killed leader left half-written goes first.
                    Future<?> swept = store instanceof LocalContentStore local ? local.removeHalfWritten()
                            : Future.succeededFuture();
                    return swept.compose(v -> deployStages(config, store, leading.clients()));
                })
                .recover(seat::abandon);
    }

    private CircuitBreaker breaker(String name, ProofChainConfig config) {
        CircuitBreaker breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
                .setMaxFailures(config.breakerMaxFailures()).setTimeout(config.breakerTimeoutMillis())
                .setResetTimeout(config.breakerResetMillis()));
        breakers.add(BreakerEvents.publishing(vertx, name, breaker));
        return breaker;
    }

    /** The execute stage, on every node: the embedded EVM on its own pool, or the remote evm-server. */
    private Future<?> deployExecute(ProofChainConfig config) {
        if (config.evmServerUrl() != null) {
            return vertx.deployVerticle(new RemoteExecuteVerticle(config.evmServerUrl(),
                    breaker("evm-server", config), config.executeTimeoutMillis(), config.compatProfile()));
        }
        boolean proveLossy = config.proveLossy();
        CompatProfile profile = config.compatProfile();
        CodeCache code = CodeCache.withDefaultBound(); // one for every instance
        return vertx.deployVerticle(() -> new ExecuteVerticle(proveLossy, profile, List.of(), code),
                new DeploymentOptions()
                .setThreadingModel(ThreadingModel.WORKER).setInstances(config.executeInstances())
                .setWorkerPoolName(MainVerticle.EVM_POOL).setWorkerPoolSize(config.executeInstances())
                .setMaxWorkerExecuteTime(config.executeTimeoutMillis())
                .setMaxWorkerExecuteTimeUnit(TimeUnit.MILLISECONDS));
    }

    private ContentStore contentStore(ProofChainConfig config) {
        if (config.pinnerUrl() == null) {
            return new LocalContentStore(vertx, config.storeDir());
        }
        // The breaker decides when the pinner is out; the client itself tries once per call.
        PinnerClient pinner = new PinnerClient(vertx, vertx.createHttpClient(new HttpClientOptions()),
                config.pinnerUrl(), new PinnerClient.Options(Duration.ofMillis(config.breakerTimeoutMillis()),
                        1, Duration.ofSeconds(1)));
        return new GuardedContentStore(pinner, breaker("pinner", config));
    }

    private record Leading(Journal journal, ProofClients clients) {
    }

    private record ProofClients(JsonRpcClient rpc, ProofSubmitter submitter) {
    }

    private ProofClients proofClients(ProofChainConfig config, WebClient web) {
        JsonRpcClient rpc = new JsonRpcClient(web, config.rpcUrl().toString(), Duration.ofSeconds(30));
        TransactionSender sender = new TransactionSender(vertx, rpc, config.operator(), config.proofChainId(),
                SenderOptions.defaults(), sent -> LOG.info("sent proof transaction {} (nonce {})", sent.hash(),
                        sent.nonce()));
        return new ProofClients(rpc, new ProofSubmitter(rpc, sender, config.brpAddress()));
    }

    private Future<?> deployStages(ProofChainConfig config, ContentStore store, ProofClients clients) {
        JsonRpcClient rpc = clients.rpc();
        ProofSubmitter submitter = clients.submitter();

        List<Future<String>> deployed = new ArrayList<>();
        deployed.add(vertx.deployVerticle(new DecodeVerticle(),
                new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
        deployed.add(vertx.deployVerticle(new PinVerticle(store)));
        ProofChainSessions sessions = new ProofChainSessions(rpc, config.brpAddress(), config.operator().address(),
                ProofChainListenerVerticle.CHAIN_DATA_REFRESH_MILLIS, config.blockBatch(), System::currentTimeMillis);
        deployed.add(vertx.deployVerticle(new ProveVerticle(seat.journal(), rpc, submitter, sessions)));
        return Future.all(deployed).compose(stages -> vertx.deployVerticle(
                new ProofChainListenerVerticle(config, seat.journal(), store, rpc, breakers,
                        config().getLong(MainVerticle.SHUTDOWN_TIMEOUT_MILLIS,
                                MainVerticle.DEFAULT_SHUTDOWN_TIMEOUT_MILLIS))))
                .onSuccess(seat::listenerDeployed);
    }

    /** The journal this pipeline writes, for reading its items while it runs. */
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
        breakers.forEach(CircuitBreaker::close);
        return seat == null ? Future.succeededFuture() : seat.release();
    }
}
