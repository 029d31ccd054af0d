package io.cqt.refiner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.cqt.refiner.proofchain.HardhatChain;
import io.cqt.refiner.testing.FakeRpcNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Proof-chain mode's start (config and key file, the key's curve arithmetic, the journal, the web3j and HTTP
 * clients, every stage) leaves the event loops free: with Vert.x warning about any event-loop task longer than
 * 1 s (half its default; the blocking start took 3 to 6 s), a whole start logs no such warning; and a config error
 * fails it with one line and no stack.
 */
class StartupEventLoopTest {
    private static final String CHECKER = "io.vertx.core.impl.BlockedThreadChecker";

    @Test
    void aProofChainStartNeverBlocksAnEventLoop(@TempDir Path temp) throws Exception {
        HttpServer node = FakeRpcNode.start(true);
        Path key = Files.writeString(temp.resolve("operator.key"), HardhatChain.OPERATOR_KEY + "\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Path config = Files.writeString(temp.resolve("refiner.yaml"), String.join("\n",
                "proofChainRpcUrl: http://127.0.0.1:" + node.getAddress().getPort(),
                "bspProofChainAddress: \"0x00000000000000000000000000000000000000b5\"",
                "brpProofChainAddress: \"0x00000000000000000000000000000000000000b7\"",
                "proofChainId: 1284",
                "operatorKeyFile: " + key,
                "data: data",
                "metricsPort: 0",
                "pollMillis: 200",
                "retryMillis: 100",
                ""));
        ListAppender<ILoggingEvent> warnings = capture();
        Vertx vertx = Vertx.vertx(new VertxOptions().setMaxEventLoopExecuteTime(1000)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS).setBlockedThreadCheckInterval(100)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                // The stack at once, so that a failure says where the loop was held.
                .setWarningExceptionTime(1).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
        try {
            vertx.deployVerticle(new ProofChainMainVerticle(), new DeploymentOptions().setConfig(new JsonObject()
                    .put(ProofChainMainVerticle.CONFIG_FILE, config.toString())))
                    .toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            assertTrue(Files.exists(temp.resolve("data/journal.db.log")), "the journal beside the config file");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            node.stop(0);
            release(warnings);
        }
        assertEquals(List.of(), warnings.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void aConfigErrorFailsTheStartWithOneLine(@TempDir Path temp) throws Exception {
        Path config = Files.writeString(temp.resolve("refiner.yaml"), "pollMilis: 100\n");
        Vertx vertx = Vertx.vertx();
        try {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> vertx.deployVerticle(new ProofChainMainVerticle(), new DeploymentOptions().setConfig(
                            new JsonObject().put(ProofChainMainVerticle.CONFIG_FILE, config.toString())))
                            .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
            assertEquals("config: unknown key pollMilis (did you mean pollMillis?)", e.getCause().getMessage());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(CHECKER)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(CHECKER)).detachAppender(appender);
        appender.stop();
    }
}
