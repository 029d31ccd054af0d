package io.cqt.refiner.specimen;

import io.cqt.refiner.specimen.avro.AvroSpecimenReader;
import io.cqt.refiner.specimen.avro.CodecVersion;
import io.cqt.refiner.specimen.json.JsonSpecimenReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a specimen file of any published form: Avro (codec 0.31–0.38, auto-detected or forced) or JSON (a block
 * replica or a segment). A file whose first non-blank byte is '{' or '[' is JSON; anything else is Avro. ('[' is
 * never a specimen, but taking it for JSON lets the JSON reader say what is wrong, e.g. nesting too deep, instead of
 * Avro failing on it; an Avro segment would start so only with 46 events in a negative-count block.)
 */
public final class SpecimenReader {
    private static final AvroSpecimenReader AVRO = new AvroSpecimenReader();
    private static final JsonSpecimenReader JSON = new JsonSpecimenReader();

    private SpecimenReader() {
    }

    public static Specimen read(Path file) throws IOException {
        return read(file, null);
    }

    /** @param codec the Avro codec to force, or null to detect it */
    public static Specimen read(Path file, CodecVersion codec) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return read(bytes, codec);
        } catch (SpecimenException e) {
            throw new SpecimenException(file + ": " + e.getMessage(), e);
        }
    }

    public static Specimen read(byte[] bytes, CodecVersion codec) {
        if (bytes.length == 0) {
            throw new SpecimenException("the file is empty");
        }
        String encoding = JsonSpecimenReader.encodingProblem(bytes);
        if (encoding != null) {
            throw new SpecimenException(encoding);
        }
        if (looksLikeJson(bytes)) {
            if (codec != null) {
                throw new SpecimenException("--codec applies to Avro specimens, and this is JSON");
            }
            JsonSpecimenReader.Parsed parsed = JSON.read(bytes);
            return new Specimen(Specimen.Format.JSON, null, parsed.segment(), parsed.replica(), null);
        }
        AvroSpecimenReader.Decoded decoded = codec == null ? AVRO.read(bytes) : AVRO.read(bytes, codec);
        return new Specimen(Specimen.Format.AVRO, decoded.codec(), decoded.segment(),
                decoded.segment().first().data(), decoded.warning());
    }

    public static BlockReplica readReplica(Path file) throws IOException {
        return read(file).replica();
    }

    private static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                continue;
            }
            return b == '{' || b == '[';
        }
        return false;
    }
}
