package io.cqt.refiner.specimen.avro;

import io.cqt.refiner.specimen.Segment;
import io.cqt.refiner.specimen.SpecimenException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Avro block specimens (plain binary encoding, no container header) of codec 0.31 to 0.38. Without a forced
 * codec it tries the newest first and takes the first whose schema consumes every byte and whose
 * {@code codecVersion} field agrees. Producers did not always bump that field (the published 0.36 file of block
 * 19434485 says 0.35, and no 0.35 schema reads it), so when no codec agrees, the newest codec that consumes every
 * byte is taken and the disagreement is reported in {@link Decoded#warning()}. Thread-safe.
 */
public final class AvroSpecimenReader {

    /**
     * A decoded segment and the codec it was written with.
     *
     * @param warning null, or why the codec choice deserves a second look
     */
    public record Decoded(CodecVersion codec, Segment segment, String warning) {
    }

    public Decoded read(byte[] avro) {
        List<String> attempts = new ArrayList<>();
        Decoded fallback = null;
        for (CodecVersion codec : CodecVersion.NEWEST_FIRST) {
            try {
                Segment segment = decodeExactly(avro, codec);
                if (segment.codecVersion() != null && segment.codecVersion() == codec.number()) {
                    return new Decoded(codec, segment, null);
                }
                attempts.add(codec.label() + ": read every byte, but the segment says codecVersion "
                        + segment.codecVersion());
                if (fallback == null) {
                    fallback = new Decoded(codec, segment, "read as codec " + codec.label()
                            + " (no codec both reads every byte and matches the segment's codecVersion "
                            + segment.codecVersion() + ")");
                }
            } catch (SpecimenException e) {
                attempts.add(codec.label() + ": " + e.getMessage());
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new SpecimenException("not a block specimen of any codec 0.31-0.38 (" + avro.length + " bytes); tried "
                + String.join("; ", attempts));
    }

    /** Decodes with one codec; the schema must consume every byte. {@code codecVersion} is not checked. */
    public Decoded read(byte[] avro, CodecVersion codec) {
        try {
            Segment segment = decodeExactly(avro, codec);
            String warning = segment.codecVersion() != null && segment.codecVersion() == codec.number() ? null
                    : "the segment says codecVersion " + segment.codecVersion() + ", read as " + codec.label();
            return new Decoded(codec, segment, warning);
        } catch (SpecimenException e) {
            throw new SpecimenException("not a codec " + codec.label() + " specimen: " + e.getMessage(), e);
        }
    }

    private static Segment decodeExactly(byte[] avro, CodecVersion codec) {
        SchemaDrivenDecoder decoder = new SchemaDrivenDecoder(avro);
        Segment segment = decoder.segment(SpecimenSchemas.of(codec));
        long left = decoder.remaining();
        if (left != 0) {
            throw new SpecimenException("schema ended with " + left + " of " + avro.length + " bytes unread");
        }
        return segment;
    }
}
