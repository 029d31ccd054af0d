package io.cqt.refiner.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Hash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reference's real output for block 20414765 (Dencun): read, written back, compared value by value and byte by byte. */
class CompatResultRoundTripTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static byte[] input;
    private static BlockResult parsed;
    private static byte[] written;

    @BeforeAll
    static void readAndWrite() throws IOException {
        Path file = SharedData.require("evm-server/result-20414765-dencun.json");
        input = Files.readAllBytes(file);
        parsed = new CompatResultReader().read(file);
        written = new CompatResultWriter().toBytes(parsed);
    }

    @Test
    void parsesTheReferenceOutput() {
        assertEquals(BlockResult.TYPE, parsed.type());
        assertEquals(1, parsed.networkId());
        assertEquals(20414765L, parsed.header().number());
        assertEquals(134, parsed.transactions().size());
        assertEquals(134, parsed.receipts().size());
        assertEquals(134, parsed.senders().size());
        assertEquals(0, parsed.header().gasUsed(), "the reference writes gasUsed 0");
        assertNull(parsed.header().requestsHash(), "a Dencun result has no requestsHash");
        assertEquals(Hash.fromHex("0x637142d08fa50b6e95e99ae56148e8674231ec85e4237d8752c1bf9077216bda"),
                parsed.hash());
        assertEquals("0xc70d815d562d3cfa955", parsed.totalDifficulty().toHexQuantity());
        assertTrue(parsed.blobTxSidecars().isEmpty());
        long nullData = parsed.receipts().stream().flatMap(r -> r.logs().stream()).filter(l -> l.data() == null)
                .count();
        assertEquals(9, nullData, "logs whose data the reference wrote as null");
    }

    @Test
    void writingBackKeepsEveryValue() throws IOException {
        JsonNode original = MAPPER.readTree(input);
        JsonNode rewritten = MAPPER.readTree(written);
        assertEquals(original, rewritten);
    }

    @Test
    void bytesEqualGoMarshalIndentOfTheSameValues() throws IOException {
        String expected = GoMarshalIndent.render(MAPPER.readTree(input));
        assertSameText(expected, new String(written, StandardCharsets.UTF_8));
    }

    @Test
    void outputHasNoTrailingNewline() {
        assertEquals('}', written[written.length - 1]);
        assertEquals('{', written[0]);
    }

    @Test
    void readsItsOwnIndentedOutputBackToTheSameModel() {
        assertEquals(parsed, new CompatResultReader().read(written));
    }

    @Test
    void resultHashIsSha256OfTheCompatBytes() throws Exception {
        byte[] expectedBytes = GoMarshalIndent.render(MAPPER.readTree(input)).getBytes(StandardCharsets.UTF_8);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expectedBytes));
        CompatResultWriter writer = new CompatResultWriter();
        assertEquals("0x" + expected, ResultHashes.compatSha256(parsed, writer).toHex());
        assertEquals("0x" + expected, ResultHashes.sha256(writer.toBytes(parsed)).toHex());
    }

    /** Equality with a short message at the first difference instead of two megabytes of text. */
    static void assertSameText(String expected, String actual) {
        if (expected.equals(actual)) {
            return;
        }
        int i = 0;
        while (i < expected.length() && i < actual.length() && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 80);
        fail("first difference at offset " + i + " (lengths " + expected.length() + " vs " + actual.length()
                + ")\nexpected: …" + expected.substring(from, Math.min(expected.length(), i + 80))
                + "\nactual:   …" + actual.substring(from, Math.min(actual.length(), i + 80)));
    }
}
