package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.ipfs.UnixFsImporter;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code refine --compat PROFILE}: each reference release's bytes, checked against what the network recorded. */
class RefineCompatTest {
    /** Recorded upstream for 19434485 by the 2024-03 release (evm-server-compat.md, "Test vectors"). */
    private static final String RECORDED_SHA256 = "0x4bb6dcf767011c8ac64f78740078dcb0d9a680751a07030957418f8ab6c5d619";
    private static final String RECORDED_CID = "bafybeib3xkzaxuldyiyadngetbd622wmj4zegwcnd4pl4unslqurxa4xi4";

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"specimen-codec-0.36.avro", "specimen.json"})
    void theMarch2024ProfileReproducesTheNetworksRecordedResult(String file) throws Exception {
        Path specimen = SharedData.specimen(19434485L, file);
        CliRun run = run("refine", "--compat", "evm-server-1.2", "--json", "--out", dir.toString(), specimen.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        JsonNode line = mapper.readTree(run.out());
        assertEquals("evm-server-1.2", line.path("compat").asText());
        assertTrue(line.path("layoutVerified").asBoolean(), "a Cancun block: the layout is confirmed");
        Path result = Path.of(line.path("out").asText());
        assertEquals(dir, result.getParent());
        byte[] bytes = Files.readAllBytes(result);
        assertEquals(RECORDED_SHA256, ResultHashes.sha256(bytes).toString());
        assertEquals(RECORDED_SHA256, line.path("resultSha256").asText());
        assertEquals(RECORDED_CID, new UnixFsImporter().cidOf(result).root().toString());
    }

    @Test
    void theDefaultIsTheNewestPublicReleaseWhichCannotProcessACodec036BlobTransaction() throws Exception {
        Path specimen = SharedData.specimen(19434485L, "specimen-codec-0.36.avro");
        CliRun run = run("refine", "--json", "--out", dir.toString(), specimen.toString());
        assertEquals(1, run.status(), run.out() + run.err());
        JsonNode line = mapper.readTree(run.out());
        assertEquals(CompatProfiles.DEFAULT.name(), line.path("compat").asText());
        assertEquals("panic", line.path("reference").asText());
        assertTrue(line.path("error").asText().contains("blob fee cap"), line.toString());
        try (var written = Files.list(dir)) {
            assertEquals(0, written.count(), "no bytes invented");
        }
    }

    @Test
    void compatImpliesTheCompatFormatAndRefusesAnother() throws Exception {
        Path specimen = SharedData.specimen(17090940L, "specimen-codec-0.35.avro");
        CliRun refused = run("refine", "--compat", "evm-server-1.2", "--format", "canonical", specimen.toString());
        assertNotEquals(0, refused.status());
        assertTrue(refused.err().contains("--compat"), refused.err());
        CliRun unknown = run("refine", "--compat", "evm-server-9", specimen.toString());
        assertNotEquals(0, unknown.status());
        assertTrue(unknown.err().contains("evm-server-1.2") && unknown.err().contains("evm-server-1.3"),
                unknown.err());
    }

    @Test
    void pragueResultsAreMarkedLayoutUnverified() throws Exception {
        Path specimen = SharedData.specimen(22433670L, "specimen-codec-0.38.avro");
        CliRun run = run("refine", "--json", specimen.toString());
        JsonNode line = mapper.readTree(run.out());
        assertEquals("evm-server-1.3", line.path("compat").asText(), run.out() + run.err());
        assertFalse(line.path("layoutVerified").asBoolean(true), line.toString());
    }

    @Test
    void listCompatNamesEveryProfileWithItsReleaseAndWhatItReproduces() {
        CliRun run = run("refine", "--list-compat");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("evm-server-1.2: v1.2.0-evm"), run.out());
        assertTrue(run.out().contains("4bb6dcf7"), run.out());
        assertTrue(run.out().contains("evm-server-1.3 (default): v1.3.0-evm"), run.out());
    }
}
