package io.cqt.refiner.evm.statetest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns state-test files into one DynamicTest per (file, test, fork, index) and tallies pass counts per fork and per
 * category. The fork filter is the system property {@code refiner.statetest.forks} (comma-separated, default
 * {@code Cancun,Prague}).
 */
final class StateTestHarness {
    private final StateTestRunner runner = new StateTestRunner(MainnetPrecompiles::forFork);
    private final Map<String, int[]> tally = new ConcurrentHashMap<>();
    private final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    static Set<Fork> forks() {
        String prop = System.getProperty("refiner.statetest.forks", "Cancun,Prague");
        Set<Fork> out = EnumSet.noneOf(Fork.class);
        for (String name : prop.split(",")) {
            for (Fork f : Fork.values()) {
                if (f.displayName().equalsIgnoreCase(name.trim())) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    Stream<DynamicTest> tests(Path root, Path dir) {
        return StateTests.files(dir).stream()
                .flatMap(file -> StateTests.load(root, file, forks()).stream())
                .map(c -> DynamicTest.dynamicTest(c.id(), () -> {
                    StateTestRunner.Verdict v;
                    try {
                        v = runner.run(c);
                    } catch (RuntimeException e) {
                        v = new StateTestRunner.Verdict(false, "threw " + e);
                    }
                    count(c, v.pass());
                    if (!v.pass()) {
                        failures.add(c.id() + " -> " + v.detail());
                    }
                    StateTestRunner.Verdict verdict = v;
                    assertTrue(verdict.pass(), () -> c.id() + ": " + verdict.detail());
                }));
    }

    private void count(StateTestCase c, boolean pass) {
        for (String key : new String[] {c.fork().displayName(), c.fork().displayName() + " " + c.category()}) {
            int[] t = tally.computeIfAbsent(key, k -> new int[2]);
            synchronized (t) {
                t[0] += pass ? 1 : 0;
                t[1]++;
            }
        }
    }

    /** Writes the pass counts and failing ids to {@code target/<name>.txt}. */
    void report(String name) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, int[]> e : new TreeMap<>(tally).entrySet()) {
            sb.append(String.format("%-80s %6d / %6d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
        }
        sb.append("\nfailures:\n");
        failures.stream().sorted().forEach(f -> sb.append(f).append('\n'));
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", name + ".txt"), sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
