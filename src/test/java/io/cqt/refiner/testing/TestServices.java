package io.cqt.refiner.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real services some tests talk to (a Hardhat chain, a js-ipfs node), started by the build itself: the first
 * test that asks for one starts it with the same script {@code .ci/run} users know ({@code .ci/start-hardhat},
 * {@code .ci/start-ipfs}) on a free loopback port, and {@link TestServicesSession} stops it when the test JVM's
 * launcher session ends (a shutdown hook and the scripts' owner watch cover a JVM that dies first).
 * <p>
 * An address given explicitly ({@code REFINER_HARDHAT_RPC}, {@code REFINER_IPFS_API}, as a system property or in the
 * environment) wins and nothing is started. Without Node.js, or with {@code -Drefiner.services=off}, the tests skip
 * saying why; a start that fails fails the tests that need it, with the script's last words.
 */
public final class TestServices {
    public static final String HARDHAT_VARIABLE = "REFINER_HARDHAT_RPC";
    public static final String IPFS_VARIABLE = "REFINER_IPFS_API";

    private static final Service HARDHAT = new Service("hardhat", "Hardhat chain", HARDHAT_VARIABLE,
            new String[] {HARDHAT_VARIABLE}, 10);
    private static final Service IPFS = new Service("ipfs", "IPFS node", IPFS_VARIABLE,
            new String[] {IPFS_VARIABLE, "refiner.ipfs.api"}, 15);
    private static final List<Service> ALL = List.of(HARDHAT, IPFS);

    private TestServices() {
    }

    /** The Hardhat chain's JSON-RPC URL; skips the calling test, saying why, when there can be none. */
    public static String hardhatRpc() {
        return HARDHAT.address();
    }

    /** The IPFS node's API URL; skips the calling test, saying why, when there can be none. */
    public static String ipfsApi() {
        return IPFS.address();
    }

    /** Stops what this JVM started; safe to call more than once. */
    public static void stopAll() {
        for (Service service : ALL) {
            service.stop();
        }
    }

    static Path projectRoot() {
        return Path.of(System.getProperty("refiner.basedir", "")).toAbsolutePath().normalize();
    }

    /** This JVM's folder for the services' state and logs: target/test-services/PID. */
    private static Path stateRoot() {
        return projectRoot().resolve("target").resolve("test-services")
                .resolve(Long.toString(ProcessHandle.current().pid()));
    }

    /** Why no service can be started here, or null. */
    static String unavailable() {
        String mode = System.getProperty("refiner.test.services", "auto");
        if (mode.equals("off")) {
            return "the build starts no services (-Drefiner.services=off)";
        }
        if (!onPath("node") || !onPath("npm")) {
            return "Node.js is not on PATH (no node or no npm)";
        }
        if (!onPath("bash") || !onPath("curl")) {
            return "bash and curl are needed to start it";
        }
        return null;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program)).anyMatch(Files::isExecutable);
    }

    /** Folders of earlier test JVMs that are gone (their services went with them): only the last run's is kept. */
    private static void pruneEarlierRuns() {
        Path parent = stateRoot().getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> runs = Files.list(parent)) {
            for (Path run : runs.toList()) {
                String name = run.getFileName().toString();
                boolean gone = name.matches("\\d+") && ProcessHandle.of(Long.parseLong(name))
                        .map(p -> !p.isAlive()).orElse(true);
                if (gone && !run.equals(stateRoot())) {
                    deleteTree(run);
                }
            }
        } catch (IOException e) {
            // only tidiness: a folder that cannot be listed or removed is left for `mvn clean`
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static final class Service {
        private final String name;
        private final String title;
        private final String variable;
        private final String[] explicitKeys;
        /** Minutes the start script may take: a first start installs from npm (the IPFS node: ~4 minutes). */
        private final long startMinutes;
        /** The started service's address, or why it could not start; null until first asked. */
        private String address;
        private String failure;
        /** A node may be running: stop() must try. */
        private boolean started;

        Service(String name, String title, String variable, String[] explicitKeys, long startMinutes) {
            this.name = name;
            this.title = title;
            this.variable = variable;
            this.explicitKeys = explicitKeys;
            this.startMinutes = startMinutes;
        }

        synchronized String address() {
            String explicit = explicit();
            if (explicit != null) {
                return explicit;
            }
            if (address != null) {
                return address;
            }
            if (failure != null) {
                throw new AssertionError(failure);
            }
            String why = unavailable();
            // The words before ';' are what the end-of-run summary groups skips by.
            assumeTrue(why == null, () -> "skipped: no " + title + ": " + why + "; set " + variable
                    + " to use a running one");
            try {
                address = start();
                return address;
            } catch (IOException | RuntimeException e) {
                failure = "the " + title + " for the tests did not start: " + e.getMessage();
                throw new AssertionError(failure, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while starting the " + title, e);
            }
        }

        private String explicit() {
            for (String key : explicitKeys) {
                String value = System.getProperty(key, System.getenv(key));
                if (value != null && !value.isBlank()) {
                    return value.strip();
                }
            }
            return null;
        }

        private Map<String, String> scriptEnvironment() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("REFINER_SERVICE_DIR", stateRoot().resolve(name).toString());
            env.put("REFINER_SERVICE_OWNER", Long.toString(ProcessHandle.current().pid()));
            return env;
        }

        private String start() throws IOException, InterruptedException {
            pruneEarlierRuns();
            Files.createDirectories(stateRoot());
            Path script = projectRoot().resolve(".ci").resolve("start-" + name);
            // Outside the service's own folder, which the IPFS script recreates.
            Path log = stateRoot().resolve(name + "-start.log");
            Path address = stateRoot().resolve(name + "-address.txt");
            // Files, not pipes: a wait with a time limit must not hang on a read.
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(projectRoot().toFile())
                    .redirectOutput(address.toFile()).redirectError(log.toFile());
            builder.environment().putAll(scriptEnvironment());
            addShutdownHook();
            started = true;
            Process process = builder.start();
            process.getOutputStream().close(); // the test JVM's stdin is Surefire's channel: give the script none
            if (!process.waitFor(startMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException(script + " did not finish within " + startMinutes + " minutes; see " + log);
            }
            List<String> lines = Files.readString(address, StandardCharsets.UTF_8).strip().lines().toList();
            String url = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            if (process.exitValue() != 0 || !url.startsWith("http://")) {
                throw new IOException(script.getFileName() + " exited " + process.exitValue() + ": "
                        + lastLine(log) + " (whole output in " + log + ")");
            }
            return url;
        }

        synchronized void stop() {
            if (!started) {
                return;
            }
            started = false;
            address = null;
            Path script = projectRoot().resolve(".ci").resolve("stop-" + name);
            try {
                ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                        .directory(projectRoot().toFile()).redirectErrorStream(true)
                        .redirectOutput(stateRoot().resolve(name + "-stop.log").toFile());
                builder.environment().putAll(scriptEnvironment());
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(1, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                System.err.println("test services: could not run " + script + ": " + e.getMessage()
                        + " (the node stops by itself once this JVM has exited)");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean hookAdded;

    /** For a JVM that exits without closing its launcher session (System.exit, SIGTERM). */
    private static synchronized void addShutdownHook() {
        if (!hookAdded) {
            hookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(TestServices::stopAll, "test-services-stop"));
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
            lines.removeIf(String::isBlank);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "(no output)";
        }
    }
}
