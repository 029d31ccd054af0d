package io.cqt.refiner.cli;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * How long a benchmark warms up: at least {@code minRounds}; when waiting for the JIT, on until no compilation has
 * ended for five seconds, at most {@code maxRounds}. On a shared core a compilation of seconds running during the
 * timed rounds halves some figures at random; the steady state is what is measured. Not thread-safe.
 */
final class WarmUp {
    private static final long QUIET_NANOS = 5_000_000_000L;

    private final int minRounds;
    private final int maxRounds;
    private final boolean untilJitQuiet;
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private int rounds;
    private long compiledBefore = jitMillis();
    private long quietSince = System.nanoTime();
    private boolean quiet;

    WarmUp(int minRounds, int maxRounds, boolean untilJitQuiet) {
        this.minRounds = minRounds;
        this.maxRounds = maxRounds;
        this.untilJitQuiet = untilJitQuiet;
    }

    /** Whether to run another warm-up round. */
    boolean another() {
        return rounds < minRounds || untilJitQuiet && !quiet && rounds < maxRounds;
    }

    /** Records that a round ended. */
    void roundDone() {
        rounds++;
        // The JIT's total only grows when a compilation ends, and a large one can take seconds: quiet means none
        // ended for QUIET_NANOS.
        long compiled = jitMillis();
        if (compiled < 0 || compiled != compiledBefore) {
            quietSince = System.nanoTime();
        }
        compiledBefore = compiled;
        quiet = compiled >= 0 && System.nanoTime() - quietSince >= QUIET_NANOS;
    }

    int rounds() {
        return rounds;
    }

    /** Milliseconds the JIT has spent compiling so far; -1 when the JVM does not say (then never quiet). */
    private long jitMillis() {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }
}
