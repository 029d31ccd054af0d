package io.cqt.refiner.cli;

import io.cqt.refiner.http.HttpSettings;
import io.cqt.refiner.pipeline.MainVerticle;
import io.cqt.refiner.pipeline.PipelineConfig;
import io.cqt.refiner.pipeline.ProofChainMainVerticle;
import io.vertx.core.json.JsonObject;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run",
        description = {"Runs the operator pipeline until stopped.",
                "Directory mode: specimen files dropped in --inbox are re-executed, verified against their header, "
                        + "stored in the local content store under --data and written to --outbox as "
                        + "<file>.result.json; the journal under --data resumes unfinished work after a restart.",
                "Proof-chain mode (--config FILE, see conf/refiner.yaml): specimens that reach quorum on the proof "
                        + "chain are fetched, re-executed, verified, pinned and proved; environment variables "
                        + "NODE_ETHEREUM_MAINNET, BSP_PROOFCHAIN_ADDRESS, BRP_PROOFCHAIN_ADDRESS, PROOFCHAIN_CHAIN_ID, "
                        + "IPFS_PINNER_URL, EVM_SERVER_URL and BLOCK_RESULT_OPERATOR_PRIVATE_KEY override the file."})
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

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "4",
            description = "Specimens worked on at once (default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(names = "--workers", paramLabel = "N",
            description = "Blocks executed at once (default: the CPU count less one, at least 1).")
    int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

    // Nullable: with --config the file's metricsHost/metricsPort say it, and these must not be given.
    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Directory mode: where /metrics, /health, /ready and /status listen (default: 127.0.0.1).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Directory mode: their port (default: 9568; 0 = any free port, -1 = none).")
    Integer httpPort;

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
        if (configFile == null && (inbox == null || outbox == null)) {
            throw new ParameterException(spec.commandLine(), "give --config FILE (proof-chain mode) or both "
                    + "--inbox and --outbox (directory mode)");
        }
        PipelineConfig config = configFile != null ? null : new PipelineConfig(inbox, outbox, dataOption.data,
                maxInFlight, workers, 500, 1000, 600_000, 60_000, 5_000);
        Vertx vertx = Vertx.vertx();
        try {
            (configFile != null
                    ? vertx.deployVerticle(new ProofChainMainVerticle(), new DeploymentOptions().setConfig(
                            new JsonObject().put(ProofChainMainVerticle.CONFIG_FILE, configFile.toString())))
                    : vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config.toJson()
                            .put(HttpSettings.HOST_KEY, httpHost != null ? httpHost : HttpSettings.DEFAULT_HOST)
                            .put(HttpSettings.PORT_KEY, httpPort != null ? httpPort : HttpSettings.DEFAULT_PORT))))
                    .toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            throw new IllegalStateException("cannot start the pipeline: " + OneLineErrors.describe(e.getCause()),
                    e.getCause());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Closing undeploys the stages and closes the journal; unfinished items resume on the next start.
            vertx.close().toCompletionStage().toCompletableFuture().join();
            stopped.countDown();
        }, "run-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(configFile != null ? "run: proof-chain mode, config " + configFile.toAbsolutePath()
                : "run: watching " + inbox.toAbsolutePath() + " → " + outbox.toAbsolutePath() + ", journal "
                + config.journalFile().toAbsolutePath());
        out.flush();
        stopped.await();
        return 0;
    }
}
