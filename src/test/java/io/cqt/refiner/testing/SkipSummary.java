package io.cqt.refiner.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * One line saying how many tests were skipped and why, grouped by reason (the words of the skip message before its
 * first ';' or '(', without "skipped: "), written to target/test-skips.txt for the build to print at its end (the
 * pom's antrun step: Surefire would file anything printed here under the last test class). No file when nothing was
 * skipped.
 */
public final class SkipSummary implements TestExecutionListener {
    static final String FILE = "test-skips.txt";

    private final Path file;
    private final Map<String, AtomicInteger> reasons = new LinkedHashMap<>();
    private TestPlan plan;
    private int skipped;

    /** As the launcher finds it (META-INF/services): the file in the project's target/. */
    public SkipSummary() {
        this(TestServices.projectRoot().resolve("target").resolve(FILE));
    }

    SkipSummary(Path file) {
        this.file = file;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        reasons.clear();
        skipped = 0;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        count(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            count(test, result.getThrowable().map(Throwable::getMessage).orElse(null));
        }
    }

    private synchronized void count(TestIdentifier test, String reason) {
        // A container skipped or aborted as a whole (a @BeforeAll assumption) takes its tests with it.
        long tests = test.isTest() ? 1 : Math.max(1, plan == null ? 1
                : plan.getDescendants(test).stream().filter(TestIdentifier::isTest).count());
        skipped += (int) tests;
        reasons.computeIfAbsent(shortReason(reason), k -> new AtomicInteger()).addAndGet((int) tests);
    }

    static String shortReason(String reason) {
        String text = Optional.ofNullable(reason).orElse("no reason given").strip()
                .replaceFirst("^Assumption failed: ", "").replaceFirst("^skipped: ", "");
        int cut = text.length();
        for (char end : new char[] {';', '('}) {
            int at = text.indexOf(end);
            if (at > 0) {
                cut = Math.min(cut, at);
            }
        }
        text = text.substring(0, cut).strip();
        return text.length() > 100 ? text.substring(0, 99) + "…" : text;
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        try {
            if (skipped == 0) {
                Files.deleteIfExists(file);
                return;
            }
            String why = reasons.entrySet().stream()
                    .sorted((a, b) -> b.getValue().get() - a.getValue().get())
                    .map(e -> e.getValue().get() + " " + e.getKey())
                    .collect(Collectors.joining("; "));
            Files.createDirectories(file.getParent());
            Files.writeString(file, skipped + (skipped == 1 ? " test" : " tests") + " skipped: " + why + "\n");
        } catch (IOException e) {
            System.err.println("skip summary: cannot write " + file + ": " + e.getMessage());
        }
    }
}
