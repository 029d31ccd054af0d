package io.cqt.refiner.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Every {@code @Test} method runs on its own thread with a deadline ({@code refiner.test.deadline}, ten minutes by
 * default). A test that misses it fails with a dump of every thread, its locks and any deadlock in the message, so
 * a hang shows up in the build's own output with its cause, and the run goes on instead of timing out as a whole.
 * The abandoned thread is a daemon: it cannot keep the test JVM alive.
 */
public final class HangWatch implements InvocationInterceptor {
    private static final Duration DEADLINE =
            Duration.parse("PT" + System.getProperty("refiner.test.deadline", "10M"));

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
            ExtensionContext context) throws Throwable {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        FutureTask<Void> test = new FutureTask<>(() -> {
            try {
                invocation.proceed();
            } catch (Throwable t) {
                failure.set(t);
            }
            return null;
        });
        Thread runner = new Thread(test, "test " + context.getDisplayName());
        runner.setDaemon(true);
        runner.start();
        try {
            test.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String dump = threadDump();
            runner.interrupt();
            throw new AssertionError(context.getDisplayName() + " did not finish within " + DEADLINE
                    + "; the threads then:\n" + dump);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    static String threadDump() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder();
        long[] deadlocked = threads.findDeadlockedThreads();
        if (deadlocked != null) {
            out.append("DEADLOCK among threads ").append(Arrays.toString(deadlocked)).append('\n');
        }
        for (ThreadInfo info : threads.dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        return out.toString();
    }
}
