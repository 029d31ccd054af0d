package io.cqt.refiner.pipeline;

import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.types.Hash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results between execution and pinning: one file per work item, written atomically, trusted only while its
 * SHA-256 equals the hash the journal recorded. Every method blocks (file I/O and hashing a result of hundreds of
 * KB): call them from {@code executeBlocking} or a worker, never on the event loop.
 */
final class ResultSpool {
    private final Path dir;

    ResultSpool(Path dir) {
        this.dir = dir;
    }

    /** Creates the spool; removes the temporary files of a run killed mid-write (nobody else writes here). */
    void createDirectory() throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.json.tmp")) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Keeps the result and returns its hash, for the journal's {@code executed} step. */
    Hash write(WorkItem item, byte[] result) throws IOException {
        Path target = file(item);
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temp, result);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return ResultHashes.sha256(result);
    }

    /**
     * Keeps a trace rule's output beside the result; written before the journal records the execution, so that an
     * item at {@code executed} finds the outputs of the execution it recorded.
     */
    void writeOutput(WorkItem item, String rule, byte[] bytes) throws IOException {
        Path target = outputFile(item, rule);
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(temp, bytes);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The spooled outputs of these rules, by rule; null when one is missing (execute again). */
    Map<String, byte[]> readOutputs(WorkItem item, List<String> rules) throws IOException {
        Map<String, byte[]> outputs = new LinkedHashMap<>();
        for (String rule : rules) {
            Path spooled = outputFile(item, rule);
            if (!Files.exists(spooled)) {
                return null;
            }
            outputs.put(rule, Files.readAllBytes(spooled));
        }
        return outputs;
    }

    /** The spooled result if it is there and is what the journal recorded; null means execute again. */
    byte[] readIfRecorded(WorkItem item) throws IOException {
        Path spooled = file(item);
        if (!Files.exists(spooled)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(spooled);
        return ResultHashes.sha256(bytes).equals(item.resultHash()) ? bytes : null;
    }

    /** A result executed again must be the recorded one; anything else aborts the item rather than prove it. */
    static byte[] requireRecorded(WorkItem item, byte[] again) {
        Hash hash = ResultHashes.sha256(again);
        if (!hash.equals(item.resultHash())) {
            throw new Failures.AbortException("executing again gave result " + hash + ", not the recorded "
                    + item.resultHash());
        }
        return again;
    }

    /** Removes the result and the outputs of these rules. */
    void delete(WorkItem item, List<String> rules) throws IOException {
        Files.deleteIfExists(file(item));
        for (String rule : rules) {
            Files.deleteIfExists(outputFile(item, rule));
        }
    }

    private Path file(WorkItem item) {
        return dir.resolve(stem(item) + ".json");
    }

    private Path outputFile(WorkItem item, String rule) {
        return dir.resolve(stem(item) + "." + rule + ".json");
    }

    private static String stem(WorkItem item) {
        return ResultHashes.sha256(item.key().getBytes(StandardCharsets.UTF_8)).toString().substring(2);
    }
}
