package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cqt.refiner.Launcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher on a Java older than 21 runs the refiner in a second JVM: that JVM goes when the launcher goes,
 * drained as on SIGTERM, also when the launcher is killed with SIGKILL (no hook of its runs then); a SIGTERM to the
 * launcher still drains the refiner and exits with 143.
 */
class LauncherChildTest {
    private static final Path JAVA_17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

    @Test
    void theLaunchersPropertyIsTheOneTheChildReads() {
        assertEquals(Launcher.PARENT_PROPERTY, ParentWatch.PROPERTY);
    }

    @Test
    void theChildExitsWhenTheLauncherIsKilled(@TempDir Path temp) throws Exception {
        Launched launched = launch(temp);
        try {
            launched.launcher.destroyForcibly();
            assertTrue(launched.launcher.waitFor(30, TimeUnit.SECONDS));
            assertTrue(within(120, () -> !launched.child.isAlive()),
                    "the refiner's JVM outlived its launcher:\n" + launched.log());
            String log = launched.log();
            assertTrue(log.contains("the launcher (pid " + launched.launcher.pid() + ") is gone; stopping"), log);
            assertTrue(log.contains("run: stopped; journal closed"), log);
        } finally {
            launched.child.destroyForcibly();
            launched.launcher.destroyForcibly();
        }
    }

    @Test
    void aSigtermToTheLauncherStillDrainsTheChild(@TempDir Path temp) throws Exception {
        Launched launched = launch(temp);
        try {
            launched.launcher.destroy();
            assertTrue(launched.launcher.waitFor(120, TimeUnit.SECONDS), launched.log());
            assertEquals(143, launched.launcher.exitValue(), launched.log());
            assertFalse(launched.child.isAlive(), launched.log());
            String log = launched.log();
            assertTrue(log.contains("run: stopped; journal closed"), log);
            assertFalse(log.contains("is gone; stopping"), log);
        } finally {
            launched.child.destroyForcibly();
            launched.launcher.destroyForcibly();
        }
    }

    private record Launched(Process launcher, ProcessHandle child, Path logFile) {
        String log() throws IOException {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        }
    }

    /** `run --inbox` through the launcher on Java 17, once the refiner's JVM has started watching its inbox. */
    private static Launched launch(Path temp) throws Exception {
        assumeTrue(Files.isExecutable(JAVA_17), "no Java 17 at " + JAVA_17);
        Path log = temp.resolve("run.log");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(List.of(JAVA_17.toString(), "-cp", classPath,
                Launcher.class.getName(), "run", "--inbox", temp.resolve("inbox").toString(), "--outbox",
                temp.resolve("outbox").toString(), "--data", temp.resolve("data").toString(), "--http-port", "0"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // The JDK running this test is the one the launcher must find.
        builder.environment().put("REFINER_JAVA_HOME", System.getProperty("java.home"));
        Process launcher = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Optional<ProcessHandle> child = launcher.toHandle().children().findFirst();
            if (text.contains("run: watching") && child.isPresent()) {
                return new Launched(launcher, child.get(), log);
            }
            if (!launcher.isAlive()) {
                throw new AssertionError("the launcher exited (" + launcher.exitValue() + "):\n" + text);
            }
            Thread.sleep(100);
        }
        launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        throw new AssertionError("refiner run did not start:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static boolean within(long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }
}
