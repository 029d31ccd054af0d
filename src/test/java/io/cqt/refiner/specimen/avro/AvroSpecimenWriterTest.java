package io.cqt.refiner.specimen.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reader is checked against an independent encoder: Avro's own generic writer, driven by the same schema,
 * must reproduce every published file byte for byte from the model the reader built.
 */
class AvroSpecimenWriterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "15892728, specimen-codec-0.31.avro",
        "16791900, specimen-codec-0.32.avro",
        "17090940, specimen-codec-0.35.avro",
        "19434485, specimen-codec-0.36.avro",
        "22433670, specimen-codec-0.38.avro",
    })
    void reEncodingAPublishedSpecimenGivesItsExactBytes(long block, String file) throws IOException {
        Path path = SharedData.specimen(block, file);
        Specimen specimen = SpecimenReader.read(path);
        byte[] reEncoded = new AvroSpecimenWriter().write(specimen.segment(), specimen.codec());
        byte[] original = Files.readAllBytes(path);
        assertEquals(original.length, reEncoded.length);
        assertArrayEquals(original, reEncoded);
    }
}
