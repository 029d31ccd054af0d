package io.cqt.refiner.specimen;

import java.util.List;

/**
 * A replication segment: what the producer publishes to IPFS. The refiner uses {@code replicaEvents.get(0)}.
 *
 * @param codecVersion the version the producer wrote (0.31–0.38 in Avro; older JSON files carry e.g. 0.2), or null
 *                     when a JSON file omits it
 */
public record Segment(List<ReplicaEvent> replicaEvents, long startBlock, long endBlock, long elements,
                      Double codecVersion) {

    public Segment {
        replicaEvents = List.copyOf(replicaEvents);
        if (replicaEvents.isEmpty()) {
            throw new SpecimenException("segment has no replicaEvent");
        }
    }

    /** The event the refiner processes. */
    public ReplicaEvent first() {
        return replicaEvents.get(0);
    }

    /** @param hash the specimen hash, as the producer wrote it */
    public record ReplicaEvent(String hash, BlockReplica data) {
    }
}
