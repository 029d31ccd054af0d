package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code refiner journal list} beside a running {@code refiner run --inbox} (another process, holding the journal's
 * lock): it answers from the journal's log, says that it shows a snapshot, and shows each directory-mode item's
 * block number and whether its result is lossy.
 */
class JournalWhileRunningTest {
    private static final long VERIFIED_BLOCK = 16791900;
    private static final long LOSSY_BLOCK = 22433670;

    @Test
    void journalListReadsASnapshotWhileTheRefinerRuns(@TempDir Path temp) throws Exception {
        Path inbox = Files.createDirectories(temp.resolve("inbox"));
        Path data = temp.resolve("data");
        Files.copy(SharedData.specimen(VERIFIED_BLOCK, "specimen-codec-0.32.avro"), inbox.resolve("verified.avro"));
        Files.copy(SharedData.specimen(LOSSY_BLOCK, "specimen-codec-0.38.avro"), inbox.resolve("lossy.avro"));
        try (RefinerProcess run = RefinerProcess.start(temp.resolve("run.log"), "evm-server-1.3", List.of(
                "--inbox", inbox.toString(), "--outbox", temp.resolve("outbox").toString(),
                "--data", data.toString(), "--workers", "1"))) {
            run.awaitLog("both items committed", log -> log.split(": committed", -1).length - 1 == 2, 300);

            Listed table = journal("list", "--data", data.toString());
            assertEquals(0, table.status, table.err);
            List<String> lines = table.out.lines().toList();
            assertTrue(lines.get(0).startsWith("snapshot of the journal's log at "), table.out);
            assertTrue(lines.get(0).contains("the journal is in use"), table.out);
            String verified = row(lines, "verified.avro");
            String lossy = row(lines, "lossy.avro");
            assertTrue(verified.matches(".*\\bcommit\\s+" + VERIFIED_BLOCK + "\\s+\\d+\\s.*"), verified);
            assertTrue(lossy.matches(".*\\bcommit\\s+" + LOSSY_BLOCK + "\\s+yes\\s+\\d+\\s.*"), lossy);
            assertTrue(lines.contains("2 work items"), table.out);

            Listed json = journal("list", "--json", "--data", data.toString());
            assertEquals(0, json.status, json.err);
            assertTrue(json.err.contains("snapshot of the journal's log"), json.err);
            List<JsonNode> items = new ArrayList<>();
            for (String line : json.out.lines().toList()) {
                items.add(new ObjectMapper().readTree(line));
            }
            assertEquals(2, items.size(), json.out);
            assertEquals(VERIFIED_BLOCK, items.get(0).get("blockHeight").asLong());
            assertTrue(items.get(0).get("lossy").isNull(), json.out);
            assertEquals(LOSSY_BLOCK, items.get(1).get("blockHeight").asLong());
            assertTrue(items.get(1).get("lossy").asText().length() > 0, json.out);

            assertEquals(143, run.terminate(60));
        }
    }

    private static String row(List<String> lines, String name) {
        return lines.stream().filter(line -> line.contains(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in " + lines));
    }

    private record Listed(int status, String out, String err) {
    }

    /** {@code refiner journal ARGS…} in its own JVM, as an operator runs it beside the service. */
    private static Listed journal(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "io.cqt.refiner.cli.Main", "journal"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("journal-list", ".out");
        Path err = Files.createTempFile("journal-list", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "journal list did not finish");
            return new Listed(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
