package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.rule.BlockResultRule;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules found with ServiceLoader: the block result from main, {@code test-tx-count} from src/test/resources. */
class RefineRuleTest {
    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void listsTheMainAndTheTestClassPathRules() {
        CliRun run = CliRun.of("refine", "--list-rules");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of(
                "block-result 2.0.0 codecs [0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37, 0.38]",
                "call-traces 1.0.0 codecs [0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37, 0.38]",
                "state-diff 1.0.0 codecs [0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37, 0.38]",
                "test-tx-count 0.1.0 codecs [0.36, 0.37, 0.38]"), run.lines());
    }

    @Test
    void aRuleFromTheTestClassPathRunsThroughRefine() throws Exception {
        Path specimen = SharedData.specimen(19434485L, "specimen-codec-0.36.avro");
        int transactions = SpecimenReader.read(specimen).replica().transactions().size();
        CliRun run = CliRun.of("refine", "--rule", "test-tx-count", "--json", "--out", dir.toString(),
                specimen.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        JsonNode line = mapper.readTree(run.last());
        assertEquals("test-tx-count", line.path("rule").asText());
        assertEquals("19434485", line.path("metadata").path("block").asText());
        byte[] written = Files.readAllBytes(Path.of(line.path("out").asText()));
        assertTrue(line.path("out").asText().endsWith(".test-tx-count"), run.last());
        assertEquals(Integer.toString(transactions), new String(written));
        assertEquals(ResultHashes.sha256(written).toString(), line.path("sha256").asText());
    }

    @Test
    void aCodecTheRuleDoesNotReadIsRefused() {
        CliRun run = CliRun.of("refine", "--rule", "test-tx-count",
                SharedData.specimen(15892728L, "specimen-codec-0.31.avro").toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains("rule test-tx-count 0.1.0 does not read codec 0.31"), run.err());
    }

    @Test
    void theBlockResultRuleIsTheDefaultAndGivesTheCompatBytes() throws Exception {
        Path specimen = SharedData.specimen(17090940L, "specimen-codec-0.35.avro");
        Path byDefault = dir.resolve("default");
        Path named = dir.resolve("named");
        assertEquals(0, CliRun.of("refine", "--out", byDefault.toString(), specimen.toString()).status());
        assertEquals(0, CliRun.of("refine", "--rule", "block-result", "--out", named.toString(),
                specimen.toString()).status());
        byte[] result = Files.readAllBytes(RefineOutTest.onlyFile(byDefault));
        assertArrayEquals(result, Files.readAllBytes(RefineOutTest.onlyFile(named)));
        var output = new BlockResultRule().transform(SpecimenReader.read(specimen));
        assertArrayEquals(result, output.bytes());
        assertEquals(ResultHashes.sha256(result).toString(), output.metadata().get("sha256"));
        assertEquals("Shanghai", output.metadata().get("fork"));
    }

    @Test
    void anUnknownRuleNamesTheKnownOnes() {
        CliRun run = CliRun.of("refine", "--rule", "nope", "x.avro");
        assertEquals(1, run.status());
        assertEquals("refiner: unknown rule 'nope'; known: [block-result, call-traces, state-diff, test-tx-count]", run.err().strip());
    }
}
