package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.result.CompatResultReader;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RefineCommandTest {
    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    private record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriterPair io = new StringWriterPair();
        CommandLine commandLine = Main.newCommandLine();
        commandLine.setOut(new PrintWriter(io.out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(io.err, true, StandardCharsets.UTF_8));
        int status = commandLine.execute(args);
        return new Run(status, io.out.toString(StandardCharsets.UTF_8), io.err.toString(StandardCharsets.UTF_8));
    }

    private static final class StringWriterPair {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
    }

    @Test
    void verifiesAFolderAndWritesCompatResults() throws Exception {
        Path folder = SharedData.require("specimens/16791900");
        Run run = run("refine", "--verify", "--json", "--out", dir.toString(), folder.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        assertEquals(2, run.lines().size(), run.out());
        for (String line : run.lines()) {
            JsonNode o = mapper.readTree(line);
            assertEquals(16791900, o.path("block").asLong());
            assertTrue(o.path("verified").asBoolean(), line);
            assertEquals(o.path("receiptsRoot").path("header").asText(), o.path("receiptsRoot").path("computed").asText());
            assertTrue(o.path("firstMismatch").isNull());
            assertTrue(o.path("lossy").asText().contains("0xf849de01b080adc3a814fabe1e2087475cf2e354"), line);
            Path written = Path.of(o.path("out").asText());
            assertEquals(dir, written.getParent());
            byte[] bytes = Files.readAllBytes(written);
            assertEquals(ResultHashes.sha256(bytes).toString(), o.path("resultSha256").asText());
            // The compat bytes parse back as a reference result whose receipts' TxHash are the transactions' hashes.
            var result = new CompatResultReader().read(bytes);
            assertEquals(o.path("receipts").asInt(), result.receipts().size());
            assertEquals(0, result.header().gasUsed());
        }
    }

    @Test
    void aLossyBlockIsReportedAndAcceptedWithVerify() throws Exception {
        Run run = run("refine", "--verify", "--json", "--format", "canonical",
                SharedData.specimen(22433670L, "specimen-codec-0.38.avro").toString());
        assertEquals(0, run.status(), run.out() + run.err());
        JsonNode o = mapper.readTree(run.lines().get(0));
        assertTrue(!o.path("verified").asBoolean());
        assertEquals(46, o.path("firstMismatch").path("transaction").asInt(), run.out());
        assertTrue(o.path("lossy").asText().contains("tx 46 (type 4)"));
    }

    @Test
    void aTruncatedSpecimenIsAOneLineErrorAndExitStatusOne() throws Exception {
        byte[] whole = Files.readAllBytes(SharedData.specimen(15892728L, "specimen-codec-0.31.avro"));
        Path truncated = dir.resolve("truncated.avro");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 3));
        Path wrongTypes = dir.resolve("wrong.json");
        Files.writeString(wrongTypes, "{\"Header\": \"not an object\", \"Transactions\": 7}");
        Run run = run("refine", "--json", truncated.toString(), wrongTypes.toString());
        assertEquals(1, run.status());
        assertEquals(2, run.lines().size(), run.out());
        for (String line : run.lines()) {
            JsonNode o = mapper.readTree(line);
            assertTrue(o.path("error").isTextual() && !o.path("error").asText().isBlank(), line);
        }
    }

    @Test
    void canonicalCarriesTheRealBlockHash() throws Exception {
        Run run = run("refine", "--format", "canonical", "--out", dir.toString(),
                SharedData.specimen(17090940L, "specimen-codec-0.35.avro").toString());
        assertEquals(0, run.status(), run.err());
        JsonNode result = mapper.readTree(RefineOutTest.onlyFile(dir).toFile());
        var replica = io.cqt.refiner.specimen.SpecimenReader.read(
                SharedData.specimen(17090940L, "specimen-codec-0.35.avro")).replica();
        assertEquals(replica.hash().toString(), result.path("block").path("hash").asText());
        assertEquals(replica.header().gasUsed(), result.path("block").path("gasUsed").asLong());
        assertTrue(result.path("verification").path("verified").asBoolean());
    }
}
