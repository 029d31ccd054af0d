package io.cqt.refiner.cli;

import java.lang.management.ManagementFactory;

/** Bytes the current thread has allocated so far, from the JVM's per-thread counter (HotSpot's ThreadMXBean). */
final class Allocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    static long ofCurrentThread() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
