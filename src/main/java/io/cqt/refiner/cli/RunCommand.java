package io.cqt.refiner.cli;

import io.cqt.refiner.cluster.ClusterSettings;
import io.cqt.refiner.cluster.ClusteredVertx;
import io.cqt.refiner.http.HttpSettings;
import io.cqt.refiner.pipeline.Drainable;
import io.cqt.refiner.pipeline.MainVerticle;
import io.cqt.refiner.pipeline.PipelineConfig;
import io.cqt.refiner.pipeline.PipelineRules;
import io.cqt.refiner.pipeline.ProofChainMainVerticle;
import io.cqt.refiner.pipeline.RunConfigLoader;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.rule.BlockResultRule;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs the operator pipeline until stopped.",
                "Directory mode: specimen files dropped in --inbox are re-executed, verified against their header, "
                        + "stored in the local content store under --data and written to --outbox as "
                        + "<file>.result.json; the journal under --data resumes unfinished work after a restart.",
                "Proof-chain mode (--config FILE, see conf/refiner.yaml): specimens that reach quorum on the proof "
                        + "chain are fetched, re-executed, verified, pinned and proved; environment variables "
                        + "NODE_ETHEREUM_MAINNET, BSP_PROOFCHAIN_ADDRESS, BRP_PROOFCHAIN_ADDRESS, PROOFCHAIN_CHAIN_ID, "
                        + "IPFS_PINNER_URL, EVM_SERVER_URL, BLOCK_RESULT_OPERATOR_PRIVATE_KEY and REFINER_<KEY> override "
                        + "the file (an unknown REFINER_ variable is refused), and --data, --max-in-flight and "
                        + "--workers override both; a relative data: in the file is relative to the file's folder.",
                "Cluster (--cluster, or cluster.enabled in the config file): every node executes blocks; the one "
                        + "holding the cluster-wide lock owns the journal (keep --data on storage all nodes share) "
                        + "and runs the listener; when it dies another node takes over.",
                "SIGTERM stops taking new items, lets in-flight ones finish their current step (at most "
                        + "--shutdown-timeout), closes the journal and exits with 143."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Proof-chain mode: the YAML config file.")
    Path configFile;

    @Option(names = "--inbox", paramLabel = "DIR", description = "Directory mode: where specimen files arrive.")
    Path inbox;

    @Option(names = "--outbox", paramLabel = "DIR", description = "Directory mode: where results are written.")
    Path outbox;

    // The same option as `refiner journal`, so both look at the same journal by default.
    @Mixin
    JournalCommand.DataOption dataOption = new JournalCommand.DataOption();

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "Specimens worked on at once (default: twice one more than the workers, so each worker "
                    + "has a block decoded behind the one it runs; with --config: the file's maxInFlight, which "
                    + "this overrides).")
    Integer maxInFlight;

    @Option(names = "--workers", paramLabel = "N",
            description = "Blocks executed at once (default: the CPU count less one, at least 1; with --config: "
                    + "the file's executeInstances, which this overrides).")
    int workers = PipelineConfig.defaultExecuteInstances();

    // Nullable: with --config the file's metricsHost/metricsPort say it, and these must not be given.
    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Directory mode: where /metrics, /health, /ready and /status listen (default: 127.0.0.1).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Directory mode: their port (default: 9568; 0 = any free port, -1 = none).")
    Integer httpPort;

    @Option(names = "--compat", paramLabel = "PROFILE", description = "Directory mode: the reference evm-server "
            + "release whose bytes are written (default: ${DEFAULT-VALUE}); in proof-chain mode set compatProfile "
            + "in the config file.")
    String compat = CompatProfiles.DEFAULT.name();

    @Option(names = "--rules", paramLabel = "NAME[,NAME...]", description = "Directory mode: the rules run per "
            + "specimen (default: ${DEFAULT-VALUE}). The block result is always made; trace rules (call-traces, "
            + "state-diff) share its execution and write <file>.<rule>.json beside <file>.result.json, each pinned "
            + "and listed in the journal item's outputs. In a cluster the leader's rules are made on whichever node "
            + "executes the block; give every node the same rules.")
    String rules = BlockResultRule.NAME;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM, how long in-flight items may take to finish their current step "
                    + "(default: ${DEFAULT-VALUE}).")
    long shutdownTimeoutSeconds;

    @Option(names = "--cluster", description = "Join a cluster of refiner nodes (Hazelcast, TCP-IP join).")
    boolean cluster;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "The interface this node binds and other members reach it at (default: "
                    + ClusterSettings.DEFAULT_HOST + ").")
    String clusterHost;

    @Option(names = "--cluster-port", paramLabel = "PORT", converter = PortConverter.class,
            description = "This node's cluster port (default: " + ClusterSettings.DEFAULT_PORT + ").")
    Integer clusterPort;

    @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...",
            description = "Members to join through; list the same members on every node.")
    String clusterMembers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (configFile != null && (inbox != null || outbox != null)) {
            throw new ParameterException(spec.commandLine(), "--config (proof-chain mode) and --inbox/--outbox "
                    + "(directory mode) exclude each other");
        }
        if (configFile != null && (httpHost != null || httpPort != null)) {
            throw new ParameterException(spec.commandLine(), "--http-host/--http-port are for directory mode; with "
                    + "--config set " + HttpSettings.HOST_KEY + " and " + HttpSettings.PORT_KEY + " in the file");
        }
        if (configFile != null && spec.commandLine().getParseResult().hasMatchedOption("--compat")) {
            throw new ParameterException(spec.commandLine(), "--compat is for directory mode; with --config set "
                    + "compatProfile in the file (or REFINER_COMPAT_PROFILE)");
        }
        if (configFile == null && (inbox == null || outbox == null)) {
            throw new ParameterException(spec.commandLine(), "give --config FILE (proof-chain mode) or both "
                    + "--inbox and --outbox (directory mode)");
        }
        if (maxInFlight != null && maxInFlight < 1) {
            throw new ParameterException(spec.commandLine(), "--max-in-flight must be at least 1");
        }
        if (workers < 1) {
            throw new ParameterException(spec.commandLine(), "--workers must be at least 1");
        }
        if (shutdownTimeoutSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--shutdown-timeout must not be negative");
        }
        if (configFile != null && spec.commandLine().getParseResult().hasMatchedOption("--rules")) {
            throw new ParameterException(spec.commandLine(), "--rules is for directory mode; proof-chain mode "
                    + "proves the block result alone");
        }
        List<String> traceRules;
        try {
            traceRules = PipelineRules.parse(rules);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--rules: " + e.getMessage());
        }
        long shutdownMillis = TimeUnit.SECONDS.toMillis(shutdownTimeoutSeconds);
        PipelineConfig config = configFile != null ? null : new PipelineConfig(inbox, outbox, dataOption.data,
                maxInFlight != null ? maxInFlight : PipelineConfig.defaultMaxInFlight(workers), workers, 500, 1000,
                600_000, 60_000, 5_000,
                CompatProfiles.named(compat), traceRules);
        ClusterSettings clusterSettings = clusterSettings();
        Vertx vertx = clusterSettings == null ? Vertx.vertx() : await(ClusteredVertx.start(clusterSettings),
                "cannot join the cluster at " + clusterSettings.host() + ":" + clusterSettings.port());
        Drainable pipeline;
        try {
            if (configFile != null) {
                ProofChainMainVerticle main = new ProofChainMainVerticle();
                pipeline = main;
                vertx.deployVerticle(main, new DeploymentOptions().setConfig(new JsonObject()
                                .put(ProofChainMainVerticle.CONFIG_FILE, configFile.toString())
                                .put(ProofChainMainVerticle.COMMAND_LINE, proofChainOverrides())
                                .put(MainVerticle.SHUTDOWN_TIMEOUT_MILLIS, shutdownMillis)))
                        .toCompletionStage().toCompletableFuture().get();
            } else {
                MainVerticle main = new MainVerticle();
                pipeline = main;
                vertx.deployVerticle(main, new DeploymentOptions().setConfig(config.toJson()
                                .put(MainVerticle.SHUTDOWN_TIMEOUT_MILLIS, shutdownMillis)
                                .put(HttpSettings.HOST_KEY, httpHost != null ? httpHost : HttpSettings.DEFAULT_HOST)
                                .put(HttpSettings.PORT_KEY, httpPort != null ? httpPort : HttpSettings.DEFAULT_PORT)))
                        .toCompletionStage().toCompletableFuture().get();
            }
        } catch (ExecutionException e) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            throw new IllegalStateException("cannot start the pipeline: " + OneLineErrors.describe(e.getCause()),
                    e.getCause());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Stop taking items and let in-flight ones reach a recorded step, then close: closing undeploys the
            // stages, closes the journal (and frees the leader lock); unfinished items resume on the next start.
            try {
                pipeline.drain().toCompletionStage().toCompletableFuture()
                        .get(shutdownMillis + 5_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                System.err.println("run: stopping without a full drain: " + OneLineErrors.describe(
                        e instanceof ExecutionException ? e.getCause() : e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            vertx.close().toCompletionStage().toCompletableFuture().join();
            System.err.println("run: stopped; journal closed");
            stopped.countDown();
        }, "run-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println((configFile != null ? "run: proof-chain mode, config " + configFile.toAbsolutePath()
                : "run: watching " + inbox.toAbsolutePath() + " → " + outbox.toAbsolutePath() + ", journal "
                + config.journalFile().toAbsolutePath())
                + (clusterSettings != null ? ", cluster node " + clusterSettings.host() + ":" + clusterSettings.port()
                + " (the node holding the leader lock owns the journal)" : ""));
        out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The options proof-chain mode takes over the config file and the environment, as config keys: only those
     * given, so the file's values stand otherwise. A relative --data is the working directory's, as any path given
     * on the command line.
     */
    private JsonObject proofChainOverrides() {
        var parsed = spec.commandLine().getParseResult();
        JsonObject overrides = new JsonObject();
        if (parsed.hasMatchedOption("--data")) {
            overrides.put("data", dataOption.data.toAbsolutePath().toString());
        }
        if (parsed.hasMatchedOption("--max-in-flight")) {
            overrides.put("maxInFlight", maxInFlight);
        }
        if (parsed.hasMatchedOption("--workers")) {
            overrides.put("executeInstances", workers);
        }
        return overrides;
    }

    /** The cluster to join, from the options over the config file's {@code cluster} section; null: no cluster. */
    private ClusterSettings clusterSettings() {
        ClusterSettings fromFile = null;
        if (configFile != null) {
            Vertx reader = Vertx.vertx();
            try {
                // A file that cannot be read is reported by the pipeline's own start, like without a cluster.
                JsonObject json = RunConfigLoader.load(reader, configFile).otherwiseEmpty()
                        .toCompletionStage().toCompletableFuture().join();
                fromFile = json == null ? null : ClusterSettings.fromConfig(json);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            } finally {
                reader.close();
            }
        }
        boolean anyOption = clusterHost != null || clusterPort != null || clusterMembers != null;
        if (!cluster && fromFile == null) {
            if (anyOption) {
                throw new ParameterException(spec.commandLine(), "--cluster-host/--cluster-port/--cluster-members "
                        + "need --cluster");
            }
            return null;
        }
        try {
            return new ClusterSettings(
                    clusterHost != null ? clusterHost : fromFile != null ? fromFile.host() : ClusterSettings.DEFAULT_HOST,
                    clusterPort != null ? clusterPort : fromFile != null ? fromFile.port() : ClusterSettings.DEFAULT_PORT,
                    clusterMembers != null ? ClusterSettings.parseMembers(clusterMembers)
                            : fromFile != null ? fromFile.members() : List.of());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + OneLineErrors.describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }
}
