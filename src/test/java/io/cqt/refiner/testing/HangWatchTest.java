package io.cqt.refiner.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

class HangWatchTest {
    @Test
    void theDumpNamesEveryThreadAndADeadlock() throws Exception {
        ReentrantLock first = new ReentrantLock();
        ReentrantLock second = new ReentrantLock();
        CountDownLatch bothHeld = new CountDownLatch(2);
        Thread a = deadlocking("hang-watch-a", first, second, bothHeld);
        Thread b = deadlocking("hang-watch-b", second, first, bothHeld);
        a.start();
        b.start();
        bothHeld.await();
        String dump = "";
        for (int i = 0; i < 100 && !dump.contains("DEADLOCK"); i++) {
            Thread.sleep(20);
            dump = HangWatch.threadDump();
        }
        assertTrue(dump.startsWith("DEADLOCK"), dump);
        assertTrue(dump.contains("\"hang-watch-a\" WAITING on java.util.concurrent.locks.ReentrantLock"), dump);
        assertTrue(dump.contains("owned by \"hang-watch-b\""), dump);
        assertTrue(dump.contains("\"" + Thread.currentThread().getName() + "\" RUNNABLE"), dump);
    }

    private static Thread deadlocking(String name, ReentrantLock mine, ReentrantLock theirs, CountDownLatch held) {
        Thread thread = new Thread(() -> {
            mine.lock();
            held.countDown();
            try {
                held.await();
                theirs.lock(); // never granted: the other thread holds it and waits for ours
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }
}
