package io.cqt.refiner.http;

import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.pipeline.ExecutePhases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's Prometheus metrics. Per stage, under the reference refiner's names (its Elixir
 * {@code Refiner.Telemetry}: a counter and a last-value duration in milliseconds per event, labelled {@code table}
 * and {@code operation}): {@code refiner_events_<event>_count} and {@code refiner_events_<event>_duration}. Both are
 * exported as gauges: Prometheus' client forces the suffix {@code _total} on counters, which would change the
 * reference's names; a never-decreasing gauge works the same in {@code rate()}. Beside them: a histogram of stage
 * durations ({@code refiner_stage_duration_seconds}), journal items by state, items in flight, breaker states,
 * proof-chain head lag and the EVM's gas throughput. Thread-safe; every meter is registered up front, so a scrape
 * shows the whole set from the start.
 */
public final class PipelineMetrics {
    /** One of the reference's events: {@code table} and {@code operation} as its labels, {@code event} in its name. */
    public record Event(String event, String table, String operation) {
        static Event of(String prefix, String operation) {
            return new Event(prefix + "_" + operation, prefix + "_metrics", operation);
        }
    }

    public static final Event IPFS_FETCH = Event.of("ipfs", "fetch");
    public static final Event IPFS_PIN = Event.of("ipfs", "pin");
    public static final Event BSP_DECODE = Event.of("bsp", "decode");
    public static final Event BSP_EXECUTE = Event.of("bsp", "execute");
    public static final Event BRP_PROOF = Event.of("brp", "proof");
    public static final Event BRP_UPLOAD_SUCCESS = Event.of("brp", "upload_success");
    public static final Event BRP_UPLOAD_FAILURE = Event.of("brp", "upload_failure");
    public static final Event JOURNAL_FETCH_ITEMS = Event.of("journal", "fetch_items");
    public static final Event JOURNAL_FETCH_LAST = Event.of("journal", "fetch_last");
    public static final Event PIPELINE_SUCCESS = Event.of("refiner", "pipeline_success");
    public static final Event PIPELINE_FAILURE = Event.of("refiner", "pipeline_failure");
    public static final List<Event> EVENTS = List.of(IPFS_FETCH, IPFS_PIN, BSP_DECODE, BSP_EXECUTE, BRP_PROOF,
            BRP_UPLOAD_SUCCESS, BRP_UPLOAD_FAILURE, JOURNAL_FETCH_ITEMS, JOURNAL_FETCH_LAST, PIPELINE_SUCCESS,
            PIPELINE_FAILURE);

    /** The breakers the proof-chain mode may create; always exported (0 = closed, also when unused). */
    public static final List<String> KNOWN_BREAKERS = List.of("pinner", "evm-server");

    /** Histogram buckets: from a journal read (sub-millisecond) to a slow block or a proof (minutes). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(25),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300), Duration.ofSeconds(900)};

    private record EventMeters(AtomicLong count, AtomicLong lastMicros, Timer timer) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Event, EventMeters> events = new LinkedHashMap<>();
    private final Map<WorkState, AtomicLong> itemsByState = new EnumMap<>(WorkState.class);
    private final Map<WorkState, Counter> transitions = new EnumMap<>(WorkState.class);
    private final Map<String, AtomicLong> breakers = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong headLag = new AtomicLong(-1);
    private final AtomicLong lastMgasPerSecondMilli = new AtomicLong();
    private final Counter gas;
    private final Counter executeSeconds;
    private final Counter runSeconds;
    private final Counter referenceSeconds;
    private final Counter bytesSeconds;

    public PipelineMetrics() {
        for (Event event : EVENTS) {
            EventMeters meters = new EventMeters(new AtomicLong(), new AtomicLong(), Timer
                    .builder("refiner.stage.duration").description("Duration of each stage, per reference event")
                    .tags("table", event.table(), "operation", event.operation())
                    .serviceLevelObjectives(BUCKETS).register(registry));
            Gauge.builder("refiner_events_" + event.event() + "_count", meters.count(), AtomicLong::get)
                    .description("Events of " + event.event() + " (the reference's counter; never decreases)")
                    .tags("table", event.table(), "operation", event.operation()).register(registry);
            Gauge.builder("refiner_events_" + event.event() + "_duration", meters.lastMicros(),
                            micros -> micros.get() / 1000.0)
                    .description("Duration of the last " + event.event() + " in milliseconds (the reference's last value)")
                    .tags("table", event.table(), "operation", event.operation()).register(registry);
            events.put(event, meters);
        }
        for (WorkState state : WorkState.values()) {
            AtomicLong count = new AtomicLong();
            itemsByState.put(state, count);
            Gauge.builder("refiner.journal.items", count, AtomicLong::get).description("Journal items by state")
                    .tag("state", state.label()).register(registry);
            transitions.put(state, Counter.builder("refiner.item.transitions")
                    .description("Journal writes by the state written (a failed attempt writes its state again)")
                    .tag("to", state.label()).register(registry));
        }
        KNOWN_BREAKERS.forEach(name -> breaker(name, 0));
        Gauge.builder("refiner.in.flight", inFlight, AtomicLong::get).description("Items being worked on")
                .register(registry);
        Gauge.builder("refiner.head.lag.blocks", headLag, AtomicLong::get)
                .description("Proof-chain head minus the last height read; -1 until known (directory mode: always)")
                .register(registry);
        gas = Counter.builder("refiner.evm.gas").description("Gas of the blocks executed").register(registry);
        executeSeconds = Counter.builder("refiner.evm.execute.seconds")
                .description("Time spent executing blocks, for Mgas/s = rate(gas) / rate(seconds) / 1e6")
                .register(registry);
        runSeconds = phaseCounter(ExecutePhases.RUN);
        referenceSeconds = phaseCounter(ExecutePhases.REFERENCE);
        bytesSeconds = phaseCounter(ExecutePhases.BYTES);
        Gauge.builder("refiner.evm.mgas.per.second", lastMgasPerSecondMilli, v -> v.get() / 1000.0)
                .description("Mgas/s of the last block executed").register(registry);
    }

    /** One {@code event} that took {@code nanos}. */
    public void record(Event event, long nanos) {
        EventMeters meters = events.get(event);
        meters.count().incrementAndGet();
        meters.lastMicros().set(TimeUnit.NANOSECONDS.toMicros(nanos));
        meters.timer().record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One block of {@code gasUsed} executed in {@code nanos} (the {@code bsp execute} event plus throughput). */
    public void executed(long nanos, long gasUsed) {
        record(BSP_EXECUTE, nanos);
        gas.increment(gasUsed);
        executeSeconds.increment(nanos / 1e9);
        if (nanos > 0) {
            lastMgasPerSecondMilli.set(Math.round(gasUsed * 1e6 / nanos));
        }
    }

    /** How a block's execution time split (its {@link #executed} total holds them all). */
    public void executePhases(ExecutePhases phases) {
        runSeconds.increment(phases.runNanos() / 1e9);
        referenceSeconds.increment(phases.referenceNanos() / 1e9);
        bytesSeconds.increment(phases.bytesNanos() / 1e9);
    }

    private Counter phaseCounter(String phase) {
        return Counter.builder("refiner.evm.execute.phase.seconds")
                .description("Time of the execute stage by phase: the verified run, the reference's own run, the "
                        + "result's bytes")
                .tag("phase", phase).register(registry);
    }

    /**
     * One result made in {@code compat}'s bytes; {@code layoutVerified} false when the block's fork is one whose
     * reference release's bytes are not public (so the proof may disagree with the network's).
     */
    public void result(String compat, boolean layoutVerified) {
        Counter.builder("refiner.results").description("Results made, by the reference release whose bytes they hold")
                .tags("compat", compat, "layout_verified", Boolean.toString(layoutVerified)).register(registry)
                .increment();
    }

    /** The reference event with this table and operation, or null. */
    public static Event event(String table, String operation) {
        for (Event event : EVENTS) {
            if (event.table().equals(table) && event.operation().equals(operation)) {
                return event;
            }
        }
        return null;
    }

    /**
     * An item the proof chain would no longer accept, skipped before it was fetched: {@code reason} is
     * {@code not_sampled}, {@code out_of_window} or {@code session_closed}.
     */
    public void skippedBeforeWork(String reason) {
        Counter.builder("refiner.items.skipped.before.work")
                .description("Items skipped before any work because the proof chain would not accept their proof")
                .tags("reason", reason).register(registry).increment();
    }

    public void transition(WorkState to) {
        transitions.get(to).increment();
    }

    public void itemsByState(Map<WorkState, Integer> counts) {
        counts.forEach((state, count) -> itemsByState.get(state).set(count));
    }

    public void inFlight(long count) {
        inFlight.set(count);
    }

    public void headLag(long lag) {
        headLag.set(lag);
    }

    /** 0 closed, 1 half-open, 2 open. */
    public void breaker(String name, int state) {
        breakers.computeIfAbsent(name, n -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("refiner.breaker.state", value, AtomicLong::get)
                    .description("Circuit breaker state: 0 closed, 1 half-open, 2 open").tag("breaker", n)
                    .register(registry);
            return value;
        }).set(state);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    public void close() {
        registry.close();
    }
}
