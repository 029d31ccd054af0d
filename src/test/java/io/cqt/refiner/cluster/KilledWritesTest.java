package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.testdata.SyntheticSpecimen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL on `refiner run` (directory mode) while it writes results and blocks: the temporary files it was filling
 * stay behind, and the next start removes them (its own names, in its own folders, nothing else).
 */
class KilledWritesTest {
    private static final int ITEMS = 16;
    private static final int KILLS = 3;

    @TempDir
    Path root;

    private RefinerProcess start(String log) throws Exception {
        return RefinerProcess.start(root.resolve(log), List.of("--inbox", root.resolve("inbox").toString(),
                "--outbox", root.resolve("outbox").toString(), "--data", root.resolve("data").toString(),
                "--max-in-flight", "4", "--workers", "2", "--shutdown-timeout", "60"));
    }

    @Test
    void aRestartRemovesWhatAKilledRunLeftHalfWrittenAndNothingElse() throws Exception {
        Path inbox = Files.createDirectories(root.resolve("inbox"));
        byte[] specimen = SyntheticSpecimen.avro();
        for (int i = 0; i < ITEMS; i++) {
            Path temp = inbox.resolve(".drop-" + i);
            Files.write(temp, specimen);
            Files.move(temp, inbox.resolve(String.format("item-%02d.avro", i)), StandardCopyOption.ATOMIC_MOVE);
        }
        Path outbox = root.resolve("outbox");
        Path store = root.resolve("data").resolve("store");
        Path spool = root.resolve("data").resolve("spool");
        for (int kill = 0; kill < KILLS; kill++) {
            try (RefinerProcess run = start("killed-" + kill + ".log")) {
                // at its first commit, other items are being written; or, if the earlier runs did all, at once
                run.awaitLog("a commit", log -> {
                    try {
                        return log.contains(": committed") || Refined.resultCount(outbox) == ITEMS;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, 180);
                run.kill();
            }
        }
        // Whatever the kills happened to leave, plus one of each kind for certain: a kill between the write of a
        // temporary file and its rename is a matter of timing.
        Path shard;
        try (Stream<Path> shards = Files.list(store)) {
            shard = shards.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        List<Path> leftovers = List.of(
                Files.writeString(outbox.resolve(".item-00.avro.result.json." + UUID.randomUUID() + ".tmp"), "{\"ha"),
                Files.writeString(shard.resolve(".incoming-1234567890.tmp"), "half a block"),
                Files.writeString(Files.createDirectories(spool).resolve(".0a1b2c.json.tmp"), "{"));
        List<Path> foreign = List.of(
                Files.writeString(outbox.resolve(".operator-notes.tmp"), "mine"),
                Files.writeString(outbox.resolve("item-99.avro.result.json.tmp"), "mine"),
                Files.writeString(shard.resolve(".other-1.tmp"), "mine"));
        try (RefinerProcess restarted = start("restarted.log")) {
            // the outbox may already be full from the killed runs: wait for the start (and its clean-up) too
            restarted.awaitLog("the start and every item in the outbox", log -> {
                try {
                    return log.contains("run: watching") && Refined.resultCount(outbox) == ITEMS;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 300);
            assertEquals(143, restarted.terminate(120));
        }
        assertEquals(List.of(), temporaryFiles(outbox, store, spool), "half-written files after a restart");
        for (Path path : leftovers) {
            assertTrue(Files.notExists(path), path.toString());
        }
        for (Path path : foreign) {
            assertTrue(Files.exists(path), "not ours to remove: " + path);
        }
    }

    /** Our temporary names left anywhere under these folders. */
    private static List<String> temporaryFiles(Path... dirs) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.map(Path::getFileName).map(Path::toString)
                        .filter(name -> name.startsWith(".incoming-")
                                || name.matches("\\..+\\.[0-9a-f-]{36}\\.tmp") || name.matches("\\..+\\.json\\.tmp"))
                        .forEach(found::add);
            }
        }
        return found;
    }
}
