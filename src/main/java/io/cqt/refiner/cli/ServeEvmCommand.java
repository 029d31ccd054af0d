package io.cqt.refiner.cli;

import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.evmserver.EvmServer;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve-evm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves the reference evm-server's HTTP API (POST /process, GET /health) with our executor "
                + "and its byte-compatible results, for operators whose pipeline calls an evm-server. Runs until "
                + "stopped.")
final class ServeEvmCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.class,
            defaultValue = "3002", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--max-request", paramLabel = "BYTES", defaultValue = "268435456",
            description = "Largest accepted request body in bytes (default: ${DEFAULT-VALUE}).")
    long maxRequest;

    @Option(names = "--workers", paramLabel = "N", description = "Blocks executed at once (default: the CPU count).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--compat", paramLabel = "PROFILE", description = "The reference evm-server release to answer "
            + "as (default: ${DEFAULT-VALUE}); refine --list-compat names them.")
    String compat = CompatProfiles.DEFAULT.name();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CompatProfile profile = CompatProfiles.named(compat);
        Vertx vertx = Vertx.vertx();
        EvmServer evmServer = new EvmServer(vertx, new ReferenceExecutor(profile), workers, maxRequest);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            evmServer.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
            stopped.countDown();
        }, "serve-evm-shutdown"));
        HttpServer server;
        try {
            server = evmServer.listen(host, port).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("serve-evm: listening on http://" + host + ":" + server.actualPort() + ", answering as "
                + profile.name() + " (" + profile.release() + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
