package io.cqt.refiner.cli;

import io.cqt.refiner.pipeline.MainVerticle;
import io.cqt.refiner.pipeline.PipelineConfig;
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
import picocli.CommandLine.Spec;

@Command(name = "run",
        description = {"Runs the operator pipeline until stopped.",
                "Directory mode: specimen files dropped in --inbox are re-executed, verified against their header, "
                        + "stored in the local content store under --data and written to --outbox as "
                        + "<file>.result.json; the journal under --data resumes unfinished work after a restart."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--inbox", paramLabel = "DIR", required = true, description = "Where specimen files arrive.")
    Path inbox;

    @Option(names = "--outbox", paramLabel = "DIR", required = true, description = "Where results are written.")
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PipelineConfig config = new PipelineConfig(inbox, outbox, dataOption.data, maxInFlight, workers, 500, 1000,
                600_000, 60_000, 5_000);
        Vertx vertx = Vertx.vertx();
        try {
            vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config.toJson()))
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
        out.println("run: watching " + inbox.toAbsolutePath() + " → " + outbox.toAbsolutePath() + ", journal "
                + config.journalFile().toAbsolutePath());
        out.flush();
        stopped.await();
        return 0;
    }
}
