package io.cqt.refiner.specimen;

import io.cqt.refiner.specimen.avro.CodecVersion;

/**
 * A specimen as read from a file.
 *
 * @param format  how the file was encoded
 * @param codec   the Avro codec, or null for JSON
 * @param segment the whole segment, or null for a JSON file holding a bare block replica
 * @param replica the block to refine: {@code segment.replicaEvents[0].data}, or the bare replica
 * @param warning null, or something about the input the operator should know (e.g. a codec-version disagreement)
 */
public record Specimen(Format format, CodecVersion codec, Segment segment, BlockReplica replica, String warning) {

    public enum Format { AVRO, JSON }

    /** The specimen hash the producer published, if the file carries one. */
    public String specimenHash() {
        return segment == null ? null : segment.first().hash();
    }
}
