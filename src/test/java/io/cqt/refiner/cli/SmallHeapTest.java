package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shared specimen refines, two at a time, in a JVM limited to a 192 MB heap (issue 15's memory bound): a block's world, its
 * specimen and its result fit, and nothing of one file is kept while the next runs.
 */
class SmallHeapTest {
    @TempDir
    Path temp;

    @Test
    void everySharedSpecimenRefinesUnderA192MegabyteHeap() throws Exception {
        Path specimens = SharedData.specimen(19434485L, "specimen-codec-0.36.avro").getParent().getParent();
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process process = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "-Xmx192m", "-XX:+UseSerialGC",
                "io.cqt.refiner.cli.Main", "refine", "--workers", "2", "--verify", "--format", "canonical",
                specimens.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "refine did not finish");
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), errors);
        assertTrue(!errors.contains("OutOfMemoryError"), errors);
        long refined = Files.readAllLines(out, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(": block ")).count();
        long files = RefineCommand.specimenFiles(List.of(specimens)).size();
        assertEquals(files, refined, Files.readString(out, StandardCharsets.UTF_8));
    }
}
