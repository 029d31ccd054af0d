package io.cqt.refiner.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal killed (SIGKILL) in the middle of its writes, over and over, in a child JVM writing as fast as it can:
 * each start finds a whole journal (checked by {@link JournalHammerChild#verify}), every height the child reported
 * done before the kill is still done, and the journal stays writable. MapDB's own write-ahead log failed this within
 * about 50 kills ("Broken bit parity", then an unreadable B-tree node); the log must not.
 */
class JournalCrashTest {
    private static final int KILLS = 40;
    /** Small, so the log restarts from a snapshot many times during the run, and kills land inside that too. */
    private static final long SNAPSHOT_AFTER_BYTES = 48 * 1024;

    @TempDir
    Path dir;

    @Test
    void killedMidWriteOverAndOverTheJournalStaysWholeAndWritable() throws Exception {
        Path file = dir.resolve(Journal.FILE_NAME);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long lastDone = 0;
        long firstStart = -1;
        for (int kill = 1; kill <= KILLS; kill++) {
            Path stderr = dir.resolve("child-" + kill + ".err");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process child = new ProcessBuilder(java.toString(), "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), JournalHammerChild.class.getName(), file.toString(),
                    Long.toString(SNAPSHOT_AFTER_BYTES))
                    .redirectError(stderr.toFile())
                    .start();
            AtomicLong open = new AtomicLong(-1);
            AtomicLong done = new AtomicLong(lastDone);
            CompletableFuture<Void> opened = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> readLines(child, open, done, opened));
            try {
                opened.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
                fail("kill " + kill + " (seed " + seed + "): the child did not open the journal: "
                        + Files.readString(stderr));
            }
            String context = "kill " + kill + " (seed " + seed + ")";
            assertTrue(open.get() > lastDone, context + ": resumed at " + open.get() + " though height " + lastDone
                    + " was reported done before the previous kill");
            if (firstStart < 0) {
                firstStart = open.get();
            }
            Thread.sleep(20 + random.nextInt(400));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), context + ": the child did not die");
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertEquals(137, child.exitValue(), context + ": the child stopped by itself: "
                    + Files.readString(stderr));
            lastDone = done.get();
        }
        assertEquals(1, firstStart, "a new journal starts at height 1");
        assertTrue(lastDone > KILLS, "the children made progress between kills: " + lastDone + " heights done");

        try (Journal journal = Journal.open(file)) {
            long start = JournalHammerChild.verify(journal);
            assertTrue(start > lastDone, "resumes after the last height reported done");
            for (long height = start; height < start + 20; height++) {
                JournalHammerChild.step(journal, height);
            }
            assertEquals(start + 19, journal.highestCommittedHeight().orElseThrow());
        }
        try (Journal journal = Journal.open(file)) {
            JournalHammerChild.verify(journal);
        }
    }

    private static void readLines(Process child, AtomicLong open, AtomicLong done, CompletableFuture<Void> opened) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("OPEN ")) {
                    open.set(Long.parseLong(line.substring(5)));
                    opened.complete(null);
                } else if (line.startsWith("DONE ")) {
                    done.set(Long.parseLong(line.substring(5)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the pipe breaks when the child is killed mid-line; what was read counts
        }
        opened.completeExceptionally(new IllegalStateException("no OPEN line"));
    }
}
