package io.cqt.refiner.cluster;

import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code refiner} command (mostly {@code run}) in a child JVM (the JDK and class path of this test), its output kept
 * in a log file.
 */
final class RefinerProcess implements AutoCloseable {
    private static final Pattern EXECUTED = Pattern.compile("(file:\\S+): executed block \\d+ on node");
    private static final Pattern COMMITTED = Pattern.compile("(file:\\S+): committed");

    private final Process process;
    private final Path log;

    private RefinerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RefinerProcess start(Path log, List<String> runArguments) throws IOException {
        // The specimens include 19434485, whose codec-0.36 blob transaction only the 2024-03 release takes.
        return start(log, "evm-server-1.2", runArguments);
    }

    /** {@code refiner run --compat PROFILE ARGUMENTS…}. */
    static RefinerProcess start(Path log, String compat, List<String> runArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("run", "--http-port", "0", // any free port: nodes share
                "--compat", compat));
        arguments.addAll(runArguments);
        return command(log, arguments);
    }

    /** Any refiner command line (the command and its arguments). */
    static RefinerProcess command(Path log, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m", "-Xss8m", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "io.cqt.refiner.cli.Main"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new RefinerProcess(process, log);
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    long pid() {
        return process.pid();
    }

    /** Keys this process executed a block for, one entry per execution. */
    List<String> executed() throws IOException {
        return executedIn(log());
    }

    /** Keys executed in this part of a log, one entry per execution. */
    static List<String> executedIn(String log) {
        return matches(EXECUTED, log);
    }

    /** Keys this process committed, one entry per commit. */
    List<String> committed() throws IOException {
        return matches(COMMITTED);
    }

    private List<String> matches(Pattern pattern) throws IOException {
        return matches(pattern, log());
    }

    private static List<String> matches(Pattern pattern, String log) {
        List<String> keys = new ArrayList<>();
        Matcher matcher = pattern.matcher(log);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }

    /** Waits until the log satisfies {@code condition}; fails, showing the log, if the process exits first. */
    void awaitLog(String what, Predicate<String> condition, long timeoutSeconds) throws Exception {
        awaitLog(what, condition, timeoutSeconds, 100);
    }

    /** As {@link #awaitLog(String, Predicate, long)}, testing every {@code pollMillis}. */
    void awaitLog(String what, Predicate<String> condition, long timeoutSeconds, long pollMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (condition.test(log())) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("refiner exited (" + process.exitValue() + ") before " + what + ":\n"
                        + log());
            }
            Thread.sleep(pollMillis);
        }
        throw new AssertionError("timed out waiting for " + what + ":\n" + log());
    }

    /** Waits for a command that ends by itself ({@code refine}, {@code journal list}); its exit code. */
    int waitFor(long timeoutSeconds) throws Exception {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("refiner did not end within " + timeoutSeconds + " s:\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM, then the exit code. */
    int terminate(long timeoutSeconds) throws Exception {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("refiner did not stop within " + timeoutSeconds + " s of SIGTERM:\n"
                    + log());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, as when a machine dies. */
    void kill() throws Exception {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The shared mainnet specimens (Avro) the tests drop in, each copied under several names. */
    static List<Path> specimens() {
        return List.of(SharedData.specimen(19434485, "specimen-codec-0.36.avro"),
                SharedData.specimen(16791900, "specimen-codec-0.32.avro"),
                SharedData.specimen(17090940, "specimen-codec-0.35.avro"),
                SharedData.specimen(15892728, "specimen-codec-0.31.avro"));
    }

    /** Drops {@code count} specimen files into {@code inbox} (written hidden, then renamed); returns name → source. */
    static Map<String, Path> drop(Path inbox, int count) throws IOException {
        Files.createDirectories(inbox);
        List<Path> sources = specimens();
        Map<String, Path> dropped = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            Path source = sources.get(i % sources.size());
            String name = String.format("item-%02d-%s", i, source.getParent().getFileName() + ".avro");
            Path temp = inbox.resolve("." + name + ".tmp");
            Files.copy(source, temp);
            Files.move(temp, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            dropped.put(name, source);
        }
        return dropped;
    }
}
