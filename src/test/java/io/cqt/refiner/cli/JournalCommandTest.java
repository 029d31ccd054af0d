package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.types.Hash;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code refiner journal list|retry} against a real journal file. */
class JournalCommandTest {
    private static final Hash SPECIMEN = Hash.fromHex("0x" + "a1".repeat(32));
    private static final Hash RESULT = Hash.fromHex("0x" + "5e".repeat(32));

    @TempDir
    Path data;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void fillJournal() {
        try (Journal journal = Journal.open(data.resolve(Journal.FILE_NAME))) {
            journal.discover("1_10_aa_01", 10, SPECIMEN, "ipfs://one");
            journal.discover("1_11_aa_02", 11, SPECIMEN, null);
            journal.fetched("1_11_aa_02", "ipfs://two");
            journal.executed("1_11_aa_02", RESULT);
            journal.aborted("1_11_aa_02", "Invalid result hash");
            journal.discover("1_12_aa_03", 12, SPECIMEN, null);
            journal.skipped("1_12_aa_03", "Session submissions have closed");
            journal.discover("1_13_aa_04", 13, SPECIMEN, null);
            journal.aborted("1_13_aa_04", "Invalid storage URL");
            journal.discover("1_14_aa_05", 14, SPECIMEN, null);
            journal.fetched("1_14_aa_05", "ipfs://five");
            journal.executed("1_14_aa_05", RESULT, "type-4 transaction without its authorization list",
                    "evm-server-1.3");
            journal.commitHeight(500);
        }
    }

    private int run(String... args) {
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    void listsEveryItemWithStateAndReason() {
        assertEquals(0, run("journal", "list", "--data", data.toString()));
        List<String> lines = lines();
        assertTrue(lines.get(0).startsWith("KEY "), lines.get(0));
        assertTrue(lines.get(1).startsWith("1_10_aa_01  discover"), lines.get(1));
        assertTrue(lines.get(2).startsWith("1_11_aa_02  abort"), lines.get(2));
        assertTrue(lines.get(2).endsWith("Invalid result hash"), lines.get(2));
        assertTrue(lines.contains("5 work items"), out.toString());
        assertTrue(lines.contains("proof-chain heights: highest committed 500, lowest unfinished none"));
    }

    @Test
    void listsOneState() {
        assertEquals(0, run("journal", "list", "--status", "abort", "--data", data.toString()));
        String text = out.toString();
        assertTrue(text.contains("1_11_aa_02") && text.contains("1_13_aa_04"), text);
        assertFalse(text.contains("1_10_aa_01") || text.contains("1_12_aa_03"), text);
    }

    @Test
    void listsAsJsonLines() throws Exception {
        assertEquals(0, run("journal", "list", "--json", "--data", data.toString()));
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> items = new ArrayList<>();
        for (String line : lines()) {
            items.add(mapper.readTree(line));
        }
        assertEquals(5, items.size());
        JsonNode aborted = items.get(1);
        assertEquals("1_11_aa_02", aborted.get("key").asText());
        assertEquals("abort", aborted.get("state").asText());
        assertEquals(11, aborted.get("blockHeight").asLong());
        assertEquals(RESULT.toHex(), aborted.get("resultHash").asText());
        assertEquals("ipfs://two", aborted.get("specimenUrl").asText());
        assertTrue(aborted.get("resultCid").isNull());
        assertEquals("Invalid result hash", aborted.get("reason").asText());
        assertTrue(aborted.get("lossy").isNull());
        assertEquals("type-4 transaction without its authorization list", items.get(4).get("lossy").asText());
        assertEquals("evm-server-1.3", items.get(4).get("compatProfile").asText());
    }

    @Test
    void rebuildsTheMapDbFileFromTheLog() throws Exception {
        Path file = data.resolve(Journal.FILE_NAME);
        Files.write(file, new byte[4096]);

        assertEquals(0, run("journal", "rebuild", "--data", data.toString()), err.toString());

        assertTrue(lines().get(0).startsWith("rebuilt " + file + ": 5 work items, 0 started proof-chain heights"),
                out.toString());
        try (Journal journal = Journal.open(file)) {
            assertEquals(5, journal.all().size());
            assertEquals(2, journal.inState(WorkState.ABORTED).size());
        }
    }

    @Test
    void rebuildRefusesAJournalInUse() {
        try (Journal journal = Journal.open(data.resolve(Journal.FILE_NAME))) {
            assertEquals(1, run("journal", "rebuild", "--data", data.toString()));
            assertTrue(err.toString().contains("is in use"), err.toString());
            assertEquals(5, journal.all().size());
        }
    }

    @Test
    void retriesOneKey() {
        assertEquals(0, run("journal", "retry", "1_12_aa_03", "--data", data.toString()));
        assertEquals(List.of("re-queued 1_12_aa_03", "1 work item re-queued"), lines());
        try (Journal journal = Journal.open(data.resolve(Journal.FILE_NAME))) {
            assertEquals(WorkState.DISCOVERED, journal.get("1_12_aa_03").orElseThrow().state());
        }
    }

    @Test
    void retriesEveryAbortedItem() {
        assertEquals(0, run("journal", "retry", "--status", "abort", "--data", data.toString()));
        assertEquals(List.of("re-queued 1_11_aa_02", "re-queued 1_13_aa_04", "2 work items re-queued"), lines());
        try (Journal journal = Journal.open(data.resolve(Journal.FILE_NAME))) {
            assertTrue(journal.inState(WorkState.ABORTED).isEmpty());
            assertEquals(4, journal.unfinished().size());
        }
    }

    @Test
    void refusesToRetryAnUnfinishedItem() {
        assertEquals(1, run("journal", "retry", "1_10_aa_01", "--data", data.toString()));
        assertEquals("refiner: work item 1_10_aa_01 is discover; only abort and skip items can be retried",
                err.toString().strip());
    }

    @Test
    void retryNeedsAKeyOrAStatus() {
        assertEquals(2, run("journal", "retry", "--data", data.toString()));
        assertTrue(err.toString().contains("Missing required argument"), err.toString());
    }

    @Test
    void unknownStatusIsAUsageError() {
        assertEquals(2, run("journal", "list", "--status", "done", "--data", data.toString()));
        assertTrue(err.toString().contains("unknown work state \"done\""), err.toString());
    }

    @Test
    void missingJournalIsNotCreated() {
        Path elsewhere = data.resolve("elsewhere");
        assertEquals(1, run("journal", "list", "--data", elsewhere.toString()));
        assertEquals("refiner: no journal at " + elsewhere.resolve(Journal.FILE_NAME) + " (use --data DIR)",
                err.toString().strip());
        assertFalse(Files.exists(elsewhere));
    }

    @Test
    void benchTimesAJournalAndCleansUp() throws Exception {
        Path benchDir = data.resolve("bench");
        assertEquals(0, run("journal", "bench", "--items", "30", "--dir", benchDir.toString()), err.toString());
        List<String> lines = lines();
        assertTrue(lines.get(0).matches("write: 30 items, 240 synced steps in .* steps/s, step median .* ms, p99 .* ms"),
                lines.get(0));
        assertTrue(lines.get(1).matches("rebuild from the log: 30 items in \\d+ ms"), lines.get(1));
        assertTrue(lines.get(2).matches("open after a clean stop: \\d+ ms \\(30 items\\)"), lines.get(2));
        try (var left = Files.list(benchDir)) {
            assertEquals(0, left.count(), "the bench journal is deleted");
        }
    }
}
