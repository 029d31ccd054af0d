package io.cqt.refiner.specimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.specimen.avro.CodecVersion;
import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Corrupt input of every kind gives a {@link SpecimenException} with a message, never another exception. The class
 * timeout is a hang guard, not a speed claim.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MalformedSpecimenTest {

    @Test
    void truncatedAvroFailsAtEveryCutWithTheCodecsTriedAndWhereItStopped() throws IOException {
        byte[] whole = Files.readAllBytes(SharedData.specimen(22433670L, "specimen-codec-0.38.avro"));
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            int cut = i < 10 ? i : random.nextInt(whole.length - 1) + 1;
            byte[] truncated = Arrays.copyOf(whole, cut);
            SpecimenException e = assertThrows(SpecimenException.class, () -> SpecimenReader.read(truncated, null),
                    "cut at " + cut);
            if (cut > 0) {
                assertTrue(e.getMessage().contains("codec 0.38"), e.getMessage());
                assertTrue(e.getMessage().contains("decoding stopped at") || e.getMessage().contains("says"),
                        e.getMessage());
            }
        }
    }

    @Test
    void flippedBytesNeverEscapeAsAnythingButASpecimenException() throws IOException {
        byte[] whole = Files.readAllBytes(SharedData.specimen(16791900L, "specimen-codec-0.32.avro"));
        Random random = new Random(11);
        int decodedAnyway = 0;
        for (int i = 0; i < 200; i++) {
            byte[] corrupt = whole.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                SpecimenReader.read(corrupt, null);
                decodedAnyway++; // a flip inside base64 code or a hash can still be a well-formed specimen
            } catch (SpecimenException e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            }
        }
        assertTrue(decodedAnyway < 200, "some corruption must be detected");
    }

    @Test
    void forcingTheWrongCodecSaysSo() throws IOException {
        byte[] avro = Files.readAllBytes(SharedData.specimen(22433670L, "specimen-codec-0.38.avro"));
        SpecimenException e = assertThrows(SpecimenException.class,
                () -> SpecimenReader.read(avro, CodecVersion.V0_31));
        assertTrue(e.getMessage().startsWith("not a codec 0.31 specimen"), e.getMessage());
    }

    @Test
    void theCodecOptionDoesNotApplyToJson() {
        byte[] json = "{\"Header\":{},\"Transactions\":[]}".getBytes(StandardCharsets.UTF_8);
        SpecimenException e = assertThrows(SpecimenException.class,
                () -> SpecimenReader.read(json, CodecVersion.V0_38));
        assertTrue(e.getMessage().contains("Avro"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{",
        "[]",
        "{\"hello\": 1}",
        "{\"replicaEvent\": []}",
        "{\"replicaEvent\": [{\"hash\": \"0x1\"}]}",
        "{\"Header\": {}, \"Transactions\": []}",
        "   ",
    })
    void jsonThatIsNotASpecimenIsRejectedWithAReason(String text) {
        byte[] json = text.getBytes(StandardCharsets.UTF_8);
        SpecimenException e = assertThrows(SpecimenException.class, () -> SpecimenReader.read(json, null));
        assertTrue(e.getMessage() != null && e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void emptyInputIsRejected() {
        SpecimenException e = assertThrows(SpecimenException.class, () -> SpecimenReader.read(new byte[0], null));
        assertEquals("the file is empty", e.getMessage());
    }

    @Test
    void aWrongTypeInARealSpecimenIsNamedByItsPath() throws IOException {
        String json = Files.readString(SharedData.specimen(22433670L, "specimen.json"));
        String broken = json.replaceFirst("\"gasLimit\": 36000000", "\"gasLimit\": \"lots\"");
        SpecimenException e = assertThrows(SpecimenException.class,
                () -> SpecimenReader.read(broken.getBytes(StandardCharsets.UTF_8), null));
        assertEquals("Header.gasLimit is not a number: \"lots\"", e.getMessage());

        String missing = json.replaceFirst("\"miner\": \"0x[0-9a-f]{40}\",", "");
        e = assertThrows(SpecimenException.class,
                () -> SpecimenReader.read(missing.getBytes(StandardCharsets.UTF_8), null));
        assertEquals("Header.miner is missing", e.getMessage());

        String shortHash = json.replaceFirst("\"parentHash\": \"0x8f0f", "\"parentHash\": \"0x");
        e = assertThrows(SpecimenException.class,
                () -> SpecimenReader.read(shortHash.getBytes(StandardCharsets.UTF_8), null));
        assertTrue(e.getMessage().startsWith("Header.parentHash a hash is 64 hex digits"), e.getMessage());
    }
}
