package io.cqt.refiner.cli;

import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.ipfs.PinnerServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "pinner", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serves the pinner HTTP API (/upload, /cid, /get?cid=, /health) backed by the local content "
                + "store, so a refiner can run against a local pinner. Runs until stopped.")
final class PinnerCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.class,
            defaultValue = "5080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
    String host;

    @Option(names = "--dir", defaultValue = "${sys:user.home}/.refiner/ipfs",
            description = "Directory of the stored blocks (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--max-upload", defaultValue = "4294967296",
            description = "Largest accepted upload in bytes (default: ${DEFAULT-VALUE}).")
    long maxUpload;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Path uploads = Files.createDirectories(dir.resolve(".uploads"));
        // This process owns both folders and serves nothing yet: what a killed run was writing is abandoned.
        PinnerServer.removeAbandonedUploads(uploads);
        Vertx vertx = Vertx.vertx();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().join();
            stopped.countDown();
        }, "pinner-shutdown"));
        LocalContentStore store = new LocalContentStore(vertx, dir);
        try {
            store.removeHalfWritten().toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            vertx.close();
            throw new IllegalStateException("cannot clean the block store " + dir + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
        HttpServer server;
        try {
            server = new PinnerServer(vertx, store, uploads, maxUpload)
                    .listen(host, port).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            vertx.close();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("pinner: listening on http://" + host + ":" + server.actualPort() + " (blocks in "
                + dir.toAbsolutePath() + ")");
        out.flush();
        stopped.await();
        return 0;
    }
}
