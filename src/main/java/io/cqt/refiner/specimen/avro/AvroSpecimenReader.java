package io.cqt.refiner.specimen.avro;

import io.cqt.refiner.specimen.Segment;
import io.cqt.refiner.specimen.SpecimenException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Avro block specimens (plain binary encoding, no container header) of codec 0.31 to 0.38. Without a forced
 * codec it tries the newest first and takes the first whose schema consumes every byte and whose
 * {@code codecVersion} field agrees. Producers did not always bump that field (the published 0.36 file of block
 * 19434485 says 0.35, and no 0.35 schema reads it), so when no codec agrees, the newest codec that consumes every
 * byte is taken and the disagreement is reported in {@link Decoded#warning()}. Thread-safe.
 */
public final class AvroSpecimenReader {
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * A decoded segment and the codec it was written with.
     *
     * @param warning null, or why the codec choice deserves a second look
     */
    public record Decoded(CodecVersion codec, Segment segment, String warning) {
    }

    public Decoded read(byte[] avro) {
        Map<CodecVersion, String> failures = new LinkedHashMap<>();
        Decoded fallback = null;
        for (CodecVersion codec : tryOrder(avro)) {
            try {
                Segment segment = decodeExactly(avro, codec);
                if (segment.codecVersion() != null && segment.codecVersion() == codec.number()) {
                    return new Decoded(codec, segment, null);
                }
                failures.put(codec, "read every byte, but the segment says codecVersion " + segment.codecVersion());
                if (fallback == null || codec.isAtLeast(fallback.codec())) {
                    fallback = new Decoded(codec, segment, "read as codec " + codec.label()
                            + " (no codec both reads every byte and matches the segment's codecVersion "
                            + segment.codecVersion() + ")");
                }
            } catch (SpecimenException e) {
                failures.put(codec, e.getMessage());
            }
        }
        if (fallback != null) {
            return fallback;
        }
        throw new SpecimenException("not a block specimen of any codec 0.31-0.38 (" + avro.length + " bytes): "
                + summarize(failures));
    }

    /**
     * Newest first, but the codec the file's last eight bytes name goes first. Every schema ends with the segment's
     * {@code codecVersion} double, so a file that some codec reads exactly ends with the value that codec would
     * compare; only that codec can agree with it. Trying it first spares a 0.32 file three full decodes by newer
     * schemas that fail only at its end. The answer is the one newest-first would give.
     */
    private static List<CodecVersion> tryOrder(byte[] avro) {
        CodecVersion named = avro.length < Double.BYTES ? null : CodecVersion.ofNumber(Double.longBitsToDouble(
                (long) LITTLE_ENDIAN_LONG.get(avro, avro.length - Double.BYTES)));
        if (named == null) {
            return CodecVersion.NEWEST_FIRST;
        }
        List<CodecVersion> order = new ArrayList<>(CodecVersion.NEWEST_FIRST);
        order.remove(named);
        order.addFirst(named);
        return order;
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

    /** "codec 0.38, 0.37: stopped at X; codec 0.36: stopped at Y": codecs that failed alike are named together. */
    private static String summarize(Map<CodecVersion, String> failures) {
        Map<String, List<String>> byOutcome = new LinkedHashMap<>();
        for (CodecVersion codec : CodecVersion.NEWEST_FIRST) {
            String outcome = failures.get(codec);
            if (outcome != null) {
                byOutcome.computeIfAbsent(outcome, k -> new ArrayList<>()).add(codec.label());
            }
        }
        List<String> parts = new ArrayList<>();
        byOutcome.forEach((outcome, codecs) -> parts.add("codec " + String.join(", ", codecs) + ": " + outcome));
        return String.join("; ", parts);
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
