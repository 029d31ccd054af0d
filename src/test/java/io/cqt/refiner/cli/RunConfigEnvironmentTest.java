package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.proofchain.HardhatChain;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code refiner run --config} in a child JVM with real environment variables, the way an operator (or docker
 * compose) starts it: the variables reach the config, a service that is down stops the start with one line naming
 * the key, and neither that line nor the logs ever hold the operator key.
 */
class RunConfigEnvironmentTest {
    private static final String KEY_DIGITS = HardhatChain.OPERATOR_KEY.substring(2);

    @Test
    void anUnreachableNodeSetThroughTheEnvironmentStopsTheStartNamingTheKey(@TempDir Path temp) throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Result run = run(temp, Map.of(
                "REFINER_PROOF_CHAIN_RPC_URL", "http://127.0.0.1:" + closed,
                "REFINER_DATA", temp.resolve("data").toString(),
                "BLOCK_RESULT_OPERATOR_PRIVATE_KEY", HardhatChain.OPERATOR_KEY));
        assertNotEquals(0, run.status, run.output);
        assertTrue(run.output.contains("proofChainRpcUrl (NODE_ETHEREUM_MAINNET, REFINER_PROOF_CHAIN_RPC_URL)"),
                run.output);
        assertTrue(run.output.contains("127.0.0.1:" + closed), run.output);
        assertFalse(run.output.toLowerCase(Locale.ROOT).contains(KEY_DIGITS), run.output);
    }

    @Test
    void aBadNumberInTheEnvironmentIsNamedAndTheKeyNeverPrinted(@TempDir Path temp) throws Exception {
        Result run = run(temp, Map.of("REFINER_POLL_MILLIS", "soon",
                "BLOCK_RESULT_OPERATOR_PRIVATE_KEY", HardhatChain.OPERATOR_KEY));
        assertNotEquals(0, run.status, run.output);
        assertTrue(run.output.contains("pollMillis (REFINER_POLL_MILLIS): not a whole number: soon"), run.output);
        assertFalse(run.output.toLowerCase(Locale.ROOT).contains(KEY_DIGITS), run.output);
    }

    private record Result(int status, String output) {
    }

    /** Runs the CLI's main class on the test class path with the given environment; stdout and stderr merged. */
    private static Result run(Path temp, Map<String, String> env) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", classPath, Main.class.getName(),
                "run", "--config", Path.of("conf/refiner.yaml").toAbsolutePath().toString()))
                .directory(temp.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("REFINER_")
                || name.startsWith("BLOCK_RESULT_OPERATOR") || name.equals("NODE_ETHEREUM_MAINNET"));
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "refiner run did not stop");
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
