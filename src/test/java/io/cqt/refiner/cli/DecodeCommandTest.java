package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecodeCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine commandLine = Main.newCommandLine();
            commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            int status = commandLine.execute(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
        }
    }

    @Test
    void decodesAnAvroSpecimenToAFileAtomically() throws Exception {
        Path target = dir.resolve("out.json");
        Run run = run("decode", SharedData.specimen(22433670L, "specimen-codec-0.38.avro").toString(),
                "--out", target.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(target.toFile());
        assertEquals("0x1564f86", json.get("Header").get("number").asText());
        assertEquals("block-specimen", json.get("Type").asText());
        assertEquals(132, json.get("Transactions").size());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void rawKeepsTheProducersReceipts() throws Exception {
        Run run = run("decode", "--raw", "--compact",
                SharedData.specimen(16791900L, "specimen-codec-0.32.avro").toString());
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(125, json.get("Receipts").size());
        assertEquals("block-replica", json.get("Type").asText());
    }

    @Test
    void aMissingFileIsOneLineOnStderrAndANonZeroStatus() {
        Run run = run("decode", dir.resolve("absent.avro").toString());
        assertTrue(run.status() != 0);
        assertEquals("refiner: no such file: " + dir.resolve("absent.avro") + System.lineSeparator(), run.err());
    }

    @Test
    void aCorruptFileNamesTheCodecsTriedWithoutAStackTrace() throws Exception {
        byte[] whole = Files.readAllBytes(SharedData.specimen(22433670L, "specimen-codec-0.38.avro"));
        Path truncated = dir.resolve("truncated.avro");
        Files.write(truncated, java.util.Arrays.copyOf(whole, 5000));
        Run run = run("decode", truncated.toString());
        assertTrue(run.status() != 0);
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("codec 0.38: decoding stopped at replicaEvent[0].data.Transactions[3]"), run.err());
        assertTrue(run.err().contains("0.31"), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    @Test
    void verboseAddsTheStackTrace() throws Exception {
        Path notJson = dir.resolve("x.json");
        Files.writeString(notJson, "{\"a\": 1}");
        Run run = run("--verbose", "decode", notJson.toString());
        assertTrue(run.status() != 0);
        assertTrue(run.err().startsWith("refiner: " + notJson + ": not a specimen"), run.err());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void anUnknownCodecIsAUsageError() throws Exception {
        Run run = run("decode", "--codec", "0.99", SharedData.specimen(22433670L, "specimen-codec-0.38.avro")
                .toString());
        assertEquals(2, run.status());
        assertTrue(run.err().contains("unknown codec version '0.99'"), run.err());
    }
}
