package io.cqt.refiner.specimen.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SpecimenSchemasTest {

    @ParameterizedTest
    @EnumSource(CodecVersion.class)
    void equalsThePublishedSchemaByParsingCanonicalForm(CodecVersion version) throws IOException {
        Path published = SharedData.require("schemas/block-ethereum-" + version.label() + ".avsc");
        // The published 0.3x files give some optional fields the string default "null"; Avro rejects that unless
        // default validation is off, and defaults are not part of the canonical form anyway.
        Schema expected = new Schema.Parser().setValidateDefaults(false).parse(published.toFile());
        assertEquals(SchemaNormalization.toParsingForm(expected),
                SchemaNormalization.toParsingForm(SpecimenSchemas.of(version)));
    }

    @ParameterizedTest
    @EnumSource(value = CodecVersion.class, names = "V0_31", mode = EnumSource.Mode.EXCLUDE)
    void eachCodecDiffersFromTheOneBeforeItExceptTheVersionOnlyBump(CodecVersion version) {
        CodecVersion previous = CodecVersion.values()[version.ordinal() - 1];
        String before = SchemaNormalization.toParsingForm(SpecimenSchemas.of(previous));
        String after = SchemaNormalization.toParsingForm(SpecimenSchemas.of(version));
        if (version == CodecVersion.V0_34) {
            assertEquals(before, after, "0.34 only bumped the codecVersion default");
        } else {
            assertNotEquals(before, after);
        }
    }

    @ParameterizedTest
    @EnumSource(CodecVersion.class)
    void codecVersionDefaultIsTheVersionItself(CodecVersion version) {
        Schema.Field field = SpecimenSchemas.of(version).getField("codecVersion");
        assertEquals(version.number(), ((Number) field.defaultVal()).doubleValue());
    }
}
