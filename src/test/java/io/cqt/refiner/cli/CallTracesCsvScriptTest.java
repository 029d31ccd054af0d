package io.cqt.refiner.cli;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysts' page promises a script that turns a folder of {@code call-traces} into a CSV of internal calls
 * ({@code docs/tools/call-traces-to-csv.py}): run on what {@code refine --rule call-traces} wrote, it gives one row
 * per frame below the top, in block, transaction and depth-first order, with the frames' own fields.
 */
class CallTracesCsvScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("refiner.basedir", "."))
            .resolve("docs/tools/call-traces-to-csv.py");

    @TempDir
    Path dir;

    @Test
    void everyInternalCallBecomesOneRowWithItsFields() throws Exception {
        Path traces = dir.resolve("traces");
        Path specimen = SharedData.specimen(17090940L, "specimen-codec-0.35.avro");
        CliRun refine = CliRun.of("refine", "--rule", "call-traces", "--out", traces.toString(), specimen.toString());
        assertEquals(0, refine.status(), refine.err());
        JsonNode document = new ObjectMapper().readTree(traces.resolve("17090940.call-traces.json").toFile());
        List<String[]> expected = new ArrayList<>();
        for (JsonNode tx : document) {
            walk(tx.path("result").path("calls"), tx.path("index").asInt(), "0", 1, expected);
        }
        assertTrue(expected.size() > 100, "17090940 makes internal calls: " + expected.size());

        List<String> rows = script(traces, false);
        assertEquals("block,tx_index,tx_hash,tx_lossy,path,depth,type,from,to,value_wei,gas,gas_used,selector,"
                + "input_bytes,output_bytes,error,revert_reason,logs", rows.get(0));
        assertEquals(expected.size(), rows.size() - 1, "one row per frame below the top");
        for (int i = 0; i < expected.size(); i++) {
            String[] row = rows.get(i + 1).split(",", -1);
            String[] want = expected.get(i);
            assertEquals("17090940", row[0]);
            assertEquals(want[0], row[1], "tx_index of row " + i);
            assertEquals(want[1], row[4], "path of row " + i);
            assertEquals(want[2], row[5], "depth of row " + i);
            assertEquals(want[3], row[6], "type of row " + i);
            assertEquals(want[4], row[7], "from of row " + i);
            assertEquals(Long.toString(Long.decode(want[5])), row[11], "gas_used of row " + i);
        }
        int transactions = document.size();
        assertEquals(expected.size() + transactions, script(traces, true).size() - 1, "--with-top adds the tops");
    }

    private static void walk(JsonNode calls, int tx, String parent, int depth, List<String[]> out) {
        for (int k = 0; k < calls.size(); k++) {
            JsonNode frame = calls.get(k);
            String path = parent + "." + k;
            out.add(new String[] {Integer.toString(tx), path, Integer.toString(depth), frame.path("type").asText(),
                    frame.path("from").asText(), frame.path("gasUsed").asText()});
            walk(frame.path("calls"), tx, path, depth + 1, out);
        }
    }

    private List<String> script(Path traces, boolean withTop) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isRegularFile(SCRIPT), "the script is not at " + SCRIPT);
        Path csv = dir.resolve(withTop ? "with-top.csv" : "calls.csv");
        List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
        if (withTop) {
            command.add("--with-top");
        }
        command.add(traces.toString());
        command.add(csv.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("python3 cannot be started here (" + e.getMessage() + "): the script needs it");
            throw e;
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the script did not finish");
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), said);
        return Files.readAllLines(csv, StandardCharsets.UTF_8);
    }
}
