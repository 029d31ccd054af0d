package io.cqt.refiner.cli;

import io.cqt.refiner.proofchain.HardhatChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code refiner run --config} in a child JVM (this test's JDK and class path) with a chosen environment, its
 * stdout and stderr in one log file.
 */
final class ProofChainChild implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ProofChainChild(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code run --config CONFIG EXTRA…} in {@code dir}: the environment has no {@code REFINER_…}, operator
     * or node variable of this one's, then the test operator key, HTTP on any free port, short polls, and
     * {@code env}.
     */
    static ProofChainChild start(Path dir, Path config, Map<String, String> env, String... extra) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, Main.class.getName(),
                "run", "--config", config.toAbsolutePath().toString()));
        command.addAll(List.of(extra));
        Path log = Files.createTempFile(dir, "run", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("REFINER_")
                || name.startsWith("BLOCK_RESULT_OPERATOR") || name.equals("NODE_ETHEREUM_MAINNET"));
        Map<String, String> all = new HashMap<>();
        all.put("REFINER_METRICS_PORT", "0");
        all.put("REFINER_POLL_MILLIS", "200");
        all.put("REFINER_RETRY_MILLIS", "100");
        all.put("BLOCK_RESULT_OPERATOR_PRIVATE_KEY", HardhatChain.OPERATOR_KEY);
        all.putAll(env);
        builder.environment().putAll(all);
        return new ProofChainChild(builder.start(), log);
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    Process process() {
        return process;
    }

    /** Waits for the exit (at most 60 s); the whole output. */
    String finish() throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("refiner run did not stop:\n" + log());
        }
        return log();
    }

    /** Waits until the output satisfies {@code done}; fails, showing it, if the process exits first. */
    String awaitLog(Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = log();
            if (done.test(text)) {
                return text;
            }
            if (!process.isAlive()) {
                throw new AssertionError("refiner run exited (" + process.exitValue() + "):\n" + text);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out:\n" + log());
    }

    /** SIGTERM; the exit status. */
    int terminate() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("refiner run did not stop on SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
