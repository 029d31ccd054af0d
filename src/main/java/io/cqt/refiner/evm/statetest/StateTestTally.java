package io.cqt.refiner.evm.statetest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pass and fail counts of state-test (or blockchain-test) cases, per fork and per (fork, category), and the failing cases' ids with their
 * details. Thread-safe, so cases may run in parallel.
 */
public final class StateTestTally {
    /** Counts of one group. */
    public record Counts(int passed, int failed) {
        public int total() {
            return passed + failed;
        }

        Counts plus(boolean pass) {
            return new Counts(passed + (pass ? 1 : 0), failed + (pass ? 0 : 1));
        }
    }

    /** A failing case: its id ({@code <file>::<test>::<fork>::<index>}) and what went wrong. */
    public record Failure(String id, String detail) {
    }

    private final Map<String, Counts> byFork = new TreeMap<>();
    private final Map<String, Counts> byForkAndCategory = new TreeMap<>();
    private final List<Failure> failures = new ArrayList<>();

    public void add(StateTestCase c, StateTestRunner.Verdict v) {
        add(c.group(), c.category(), c.id(), v.pass(), v.detail());
    }

    /** One case of any kind (a blockchain test groups by its network). */
    public synchronized void add(String fork, String category, String id, boolean pass, String detail) {
        byFork.merge(fork, new Counts(0, 0).plus(pass), StateTestTally::sum);
        byForkAndCategory.merge(fork + " " + category, new Counts(0, 0).plus(pass), StateTestTally::sum);
        if (!pass) {
            failures.add(new Failure(id, detail));
        }
    }

    /** Counts per fork display name, sorted by name. */
    public synchronized Map<String, Counts> byFork() {
        return new TreeMap<>(byFork);
    }

    /** Counts per "fork category", sorted. */
    public synchronized Map<String, Counts> byForkAndCategory() {
        return new TreeMap<>(byForkAndCategory);
    }

    /** The failures in the order they were added. */
    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    public synchronized Counts total() {
        return byFork.values().stream().reduce(new Counts(0, 0), StateTestTally::sum);
    }

    private static Counts sum(Counts a, Counts b) {
        return new Counts(a.passed + b.passed, a.failed + b.failed);
    }
}
