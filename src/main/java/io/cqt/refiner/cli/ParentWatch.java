package io.cqt.refiner.cli;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * In a JVM the launcher ({@code io.cqt.refiner.Launcher}) started (on an older {@code java}): exits, running the shutdown hooks (a drain and
 * the journal's close, as on SIGTERM), once the launcher is gone. A SIGKILL of the launcher reaches no hook of its,
 * and without this the JVM doing the work would go on alone, holding the journal's lock against the restart.
 */
final class ParentWatch {
    /** The launcher's {@code PARENT_PROPERTY} (the launcher is compiled apart, for Java 8: a test keeps both equal). */
    static final String PROPERTY = "refiner.launcher.pid";
    /** How often the launcher is looked for. */
    private static final long POLL_MILLIS = 500;

    private ParentWatch() {
    }

    /** Starts watching when {@code launcherPid} (the launcher's {@link #PROPERTY}) is set. */
    static void startIfLaunched(String launcherPid) {
        if (launcherPid == null || launcherPid.isBlank()) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        // Only the parent as it is now: its handle keeps its start time, so a reused pid is not taken for it.
        if (parent.isEmpty() || !Long.toString(parent.get().pid()).equals(launcherPid.strip())) {
            System.err.println("refiner: the launcher (pid " + launcherPid.strip() + ") is gone; stopping");
            System.exit(1);
            return;
        }
        ProcessHandle launcher = parent.get();
        Thread watch = new Thread(() -> {
            try {
                while (launcher.isAlive()) {
                    TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("refiner: the launcher (pid " + launcher.pid() + ") is gone; stopping");
            System.exit(1);
        }, "launcher-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
