package io.cqt.refiner.pipeline;

/** The event-bus addresses of the pipeline's stages; every call site uses these, never a literal. */
public final class Addresses {
    /** {@link WorkMessage} with the specimen bytes (or the file to read) → {@link WorkMessage} with the decoded specimen. */
    public static final String DECODE = "refiner.decode";
    /** {@link WorkMessage} with a specimen → {@link WorkMessage} with the verified result bytes. */
    public static final String EXECUTE = "refiner.execute";
    /** {@link WorkMessage} with result bytes → the result's CID as a string. */
    public static final String PIN = "refiner.pin";
    /** {@link WorkMessage} naming a pinned item by its key → the item's new state label, once proved, skipped or aborted. */
    public static final String PROVE = "refiner.prove";
    /** Any body → a JSON object {@code {healthy, detail}} for the proving side. */
    public static final String PROVE_HEALTH = "refiner.prove.health";
    /** Where the circuit breakers (pinner, evm-server) publish their state: JSON with {@code name} and {@code state}. */
    public static final String BREAKERS = "refiner.breakers";
    /** {@link WorkMessage} with result bytes, named by the output file → the written path as a string. */
    public static final String OUTBOX = "refiner.outbox";
    /** Measurements published by the stages, this node only ({@link PipelineEvents}): JSON, no reply. */
    public static final String METRICS = "refiner.metrics";
    /** Every journal write, this node only ({@link JournalEvents}): JSON, no reply. */
    public static final String TRANSITIONS = "refiner.journal.transitions";

    private Addresses() {
    }
}
