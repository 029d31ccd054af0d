package io.cqt.refiner.specimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.specimen.json.ReplicaJsonWriter;
import io.cqt.refiner.testdata.SyntheticSpecimen;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input made to break the readers (found by feeding malformed specimens to every command): each is refused with a
 * {@link SpecimenException} that names the file, says what is wrong, and quotes nothing raw.
 */
class HostileInputTest {
    /** Characters that must never reach a message: they break lines or make a log binary. */
    private static final IntPredicate UNPRINTABLE = c -> c < 0x20 || c >= 0x7f && c <= 0x9f || c == 0x2028
            || c == 0x2029 || c == 0xfeff;

    @TempDir
    Path dir;

    private static byte[] json;

    @BeforeAll
    static void aJsonSpecimen() throws IOException {
        Specimen specimen = SpecimenReader.read(SyntheticSpecimen.avro(), null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ReplicaJsonWriter(true).write(specimen.replica(), null, out);
        json = out.toByteArray();
        assertEquals(specimen.replica().number(), SpecimenReader.read(json, null).replica().number());
    }

    private String refused(byte[] bytes) throws IOException {
        Path file = dir.resolve("specimen.json");
        Files.write(file, bytes);
        SpecimenException e = assertThrows(SpecimenException.class, () -> SpecimenReader.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertTrue(message.chars().noneMatch(UNPRINTABLE), message);
        return message;
    }

    @Test
    void nestingBeyondTheLimitNamesTheLimitAndWhere() throws IOException {
        int depth = 1_200;
        String deep = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        String message = refused(deep.getBytes(StandardCharsets.US_ASCII));
        assertTrue(message.contains("nested deeper than 1000 levels at line 1, column "), message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"unclosed", "closed", "after blanks"})
    void arrayNestingBeyondTheLimitIsTheSameClearErrorNotACodecGuess(String shape) throws IOException {
        // Before, a leading '[' sent the file to the Avro reader, which answered "not a specimen of any codec".
        int depth = 5_000;
        String deep = switch (shape) {
            case "unclosed" -> "[".repeat(depth);
            case "closed" -> "[".repeat(depth) + "]".repeat(depth);
            default -> " \n\t" + "[".repeat(depth);
        };
        String message = refused(deep.getBytes(StandardCharsets.US_ASCII));
        assertTrue(message.contains("JSON nested deeper than 1000 levels at line "), message);
        assertTrue(message.contains("(a limit of this reader)"), message);
        assertFalse(message.contains("codec"), message);
    }

    @Test
    void aShallowArrayIsToldItIsNotAnObject() throws IOException {
        String message = refused("[1, 2]".getBytes(StandardCharsets.US_ASCII));
        assertTrue(message.endsWith("not a specimen: the top-level JSON value is an array, not an object"), message);
    }

    @Test
    void aNumberBeyondTheLimitNamesTheLimitAndWhere() throws IOException {
        String message = refused(("{\"Header\": " + "7".repeat(1_500) + "}").getBytes(StandardCharsets.US_ASCII));
        assertTrue(message.contains("a number longer than 1000 digits at line 1, column "), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", " garbage", "\n{}", "[1]", "\u0000\u0085"})
    void anythingAfterTheSpecimenIsRefused(String tail) throws IOException {
        byte[] bytes = concat(json, tail.getBytes(StandardCharsets.UTF_8));
        String message = refused(bytes);
        assertTrue(message.contains("trailing data after the top-level JSON value at line "), message);
    }

    @Test
    void aSecondDocumentIsRefusedButTrailingWhiteSpaceIsNot() throws IOException {
        assertTrue(refused(concat(json, json)).contains("trailing data"));
        byte[] spaced = concat(json, " \n\t\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(SpecimenReader.read(json, null).replica(), SpecimenReader.read(spaced, null).replica());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "UTF-8-BOM"})
    void jsonNotInUtf8IsToldAsSuchNotTakenForAvro(String encoding) throws IOException {
        String text = new String(json, StandardCharsets.UTF_8);
        byte[] bytes = encoding.equals("UTF-8-BOM") ? concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, json)
                : text.getBytes(Charset.forName(encoding));
        String message = refused(bytes);
        assertFalse(message.contains("codec"), message);
        assertTrue(message.contains("UTF-8 JSON without a byte-order mark"), message);
        assertTrue(message.contains(encoding.startsWith("UTF-8") ? "UTF-8 byte-order mark"
                : encoding.substring(0, 6)), message);
    }

    @Test
    void rawBytesQuotedFromAnAvroFieldAreEscaped() throws IOException {
        byte[] avro = SyntheticSpecimen.avro();
        String hash = SpecimenReader.read(avro, null).replica().hash().toString().substring(2);
        // the segment's free-text event hash comes first, then the replica's Hash, read as hex
        String text = new String(avro, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(hash, text.indexOf(hash) + 1);
        assertTrue(at > 0, "the block hash is held twice as hex text");
        avro[at + 1] = 0;
        avro[at + 2] = '\n';
        avro[at + 3] = (byte) 0x85;
        String message = refused(avro);
        assertTrue(message.contains("not a hex digit: \"\\x00\""), message);
    }

    @Test
    void controlCharactersFromTheInputAreEscapedInEveryMessage() throws IOException {
        Random random = new Random(14);
        byte[] nasty = {0, '\n', '\r', (byte) 0xc2, (byte) 0x85, (byte) 0x85, 0x1b, (byte) 0xe2, (byte) 0x80,
                (byte) 0xa8, '"', '\\'};
        for (int i = 0; i < 90; i++) {
            byte[] bytes;
            if (i % 3 == 0) {
                // Avro-looking bytes, so the hex and string fields quote them
                bytes = new byte[1 + random.nextInt(200)];
                for (int k = 0; k < bytes.length; k++) {
                    bytes[k] = random.nextBoolean() ? nasty[random.nextInt(nasty.length)] : (byte) random.nextInt();
                }
                bytes[0] = (byte) (2 + 2 * random.nextInt(4));
            } else {
                // JSON with a damaged stretch
                bytes = json.clone();
                int at = random.nextInt(bytes.length - 8);
                for (int k = 0; k < 1 + random.nextInt(6); k++) {
                    bytes[at + k] = nasty[random.nextInt(nasty.length)];
                }
            }
            Path file = dir.resolve("specimen.json");
            Files.write(file, bytes);
            try {
                SpecimenReader.read(file);
            } catch (SpecimenException e) {
                assertTrue(e.getMessage().chars().noneMatch(UNPRINTABLE), e.getMessage());
                assertTrue(e.getMessage().length() < 4_000, e.getMessage());
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
