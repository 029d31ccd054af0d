package io.cqt.refiner.journal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes the journal's MapDB file afresh from its {@link JournalLog}, into a file beside it that then replaces it in
 * one atomic rename: after an unclean stop (the file may hold a half-applied change), when MapDB reports its file
 * corrupt, and once for a journal written before the log existed. The state index is derived from the items rather
 * than copied, which also checks that every item reads back. A crash during a rebuild leaves the journal marked
 * open, so the next start rebuilds again.
 */
public final class JournalRebuild {
    /** What was written, what was cut off the log's end, and how long it took. */
    public record Summary(int items, int startedHeights, long droppedBytes, long nanos) {
    }

    private JournalRebuild() {
    }

    static Summary fromLog(Path file, JournalLog log) throws IOException {
        long started = System.nanoTime();
        JournalLog.Contents contents = log.read();
        Path fresh = file.resolveSibling(file.getFileName() + ".rebuild");
        Files.deleteIfExists(fresh);
        int items = JournalStore.write(fresh, contents.items(), contents.started(), contents.committed(),
                entry -> stateOf(file, entry));
        Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        JournalStore.deleteLogs(file);
        syncDirectory(file.toAbsolutePath().getParent());
        return new Summary(items, contents.started().size(), contents.droppedBytes(), System.nanoTime() - started);
    }

    /**
     * A journal from before the log: its MapDB file is the only copy, so the log's first snapshot is read from it,
     * and the file is then rewritten in today's layout from that snapshot.
     */
    static Summary fromLegacy(Path file, JournalLog log) throws IOException {
        JournalStore.readLegacy(file, log::writeSnapshot);
        return fromLog(file, log);
    }

    private static WorkState stateOf(Path file, Map.Entry<String, byte[]> entry) {
        try {
            return WorkItemCodec.decode(entry.getValue()).state();
        } catch (RuntimeException e) {
            throw new JournalException("journal " + file + ": work item " + entry.getKey()
                    + " cannot be read (" + e.getMessage() + "); the journal was left as it was", e);
        }
    }

    /** Makes a rename durable; a platform that cannot open a directory for syncing (Windows) skips it. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // the rename is still atomic; only its durability across a power cut is left to the file system
        }
    }
}
