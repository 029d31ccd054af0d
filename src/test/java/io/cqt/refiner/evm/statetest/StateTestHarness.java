package io.cqt.refiner.evm.statetest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns state-test files into one DynamicTest per (file, test, fork, index) and tallies pass counts per fork and per
 * category. The fork filter is the system property {@code refiner.statetest.forks} (comma-separated, default every
 * fork).
 */
final class StateTestHarness {
    private final StateTestRunner runner = new StateTestRunner(MainnetPrecompiles::forFork);
    private final StateTestTally tally = new StateTestTally();

    Stream<DynamicTest> tests(Path root, Path dir) {
        var forks = StateTests.forks(System.getProperty("refiner.statetest.forks", StateTests.DEFAULT_FORKS));
        return StateTests.files(dir).stream()
                .flatMap(file -> StateTests.load(root, file, forks).stream())
                .map(c -> DynamicTest.dynamicTest(c.id(), () -> {
                    StateTestRunner.Verdict v = runner.runGuarded(c);
                    tally.add(c, v);
                    assertTrue(v.pass(), () -> c.id() + ": " + v.detail());
                }));
    }

    /** Writes the pass counts and failing ids to {@code target/<name>.txt}. */
    void report(String name) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, StateTestTally.Counts> e : tally.byFork().entrySet()) {
            sb.append(String.format("%-80s %6d / %6d%n", e.getKey(), e.getValue().passed(), e.getValue().total()));
        }
        for (Map.Entry<String, StateTestTally.Counts> e : tally.byForkAndCategory().entrySet()) {
            sb.append(String.format("%-80s %6d / %6d%n", e.getKey(), e.getValue().passed(), e.getValue().total()));
        }
        sb.append("\nfailures:\n");
        tally.failures().stream().map(f -> f.id() + " -> " + f.detail()).sorted()
                .forEach(f -> sb.append(f).append('\n'));
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", name + ".txt"), sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
