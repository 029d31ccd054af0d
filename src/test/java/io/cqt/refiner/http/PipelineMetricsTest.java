package io.cqt.refiner.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.pipeline.ExecutePhases;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
    /** The reference refiner's exported names (its Refiner.Telemetry: refiner.events.<event>.count / .duration). */
    private static final String[] REFERENCE_EVENTS = {"ipfs_fetch", "ipfs_pin", "bsp_decode", "bsp_execute",
            "brp_proof", "brp_upload_success", "brp_upload_failure", "journal_fetch_items", "journal_fetch_last",
            "refiner_pipeline_success", "refiner_pipeline_failure"};

    @Test
    void exportsTheReferenceNamesExactly() {
        PipelineMetrics metrics = new PipelineMetrics();
        metrics.record(PipelineMetrics.IPFS_PIN, TimeUnit.MILLISECONDS.toNanos(12));
        metrics.record(PipelineMetrics.IPFS_PIN, TimeUnit.MILLISECONDS.toNanos(7));
        Scrape scrape = Scrape.parse(metrics.scrape());
        for (String event : REFERENCE_EVENTS) {
            assertTrue(scrape.names().contains("refiner_events_" + event + "_count"), event + ": " + scrape.names());
            assertTrue(scrape.names().contains("refiner_events_" + event + "_duration"), event);
        }
        assertEquals(2.0, scrape.value("refiner_events_ipfs_pin_count", "operation", "pin"));
        assertEquals(7.0, scrape.value("refiner_events_ipfs_pin_duration", "table", "ipfs_metrics"));
        assertEquals(0.0, scrape.value("refiner_events_bsp_decode_count", "table", "bsp_metrics"));
    }

    @Test
    void executionFeedsThroughput() {
        PipelineMetrics metrics = new PipelineMetrics();
        metrics.executed(TimeUnit.MILLISECONDS.toNanos(500), 15_000_000);
        Scrape scrape = Scrape.parse(metrics.scrape());
        assertEquals(30.0, scrape.value("refiner_evm_mgas_per_second"));
        assertEquals(15_000_000.0, scrape.value("refiner_evm_gas_total"));
        assertEquals(1.0, scrape.value("refiner_events_bsp_execute_count"));
        assertEquals(1.0, scrape.value("refiner_stage_duration_seconds_count", "operation", "execute"));
        assertEquals(0.0, scrape.value("refiner_evm_execute_phase_seconds_total", "phase", "run"),
                "registered up front");
        metrics.executePhases(new ExecutePhases(TimeUnit.MILLISECONDS.toNanos(300),
                TimeUnit.MILLISECONDS.toNanos(150), TimeUnit.MILLISECONDS.toNanos(50)));
        Scrape phases = Scrape.parse(metrics.scrape());
        assertEquals(0.3, phases.value("refiner_evm_execute_phase_seconds_total", "phase", "run"), 1e-9);
        assertEquals(0.15, phases.value("refiner_evm_execute_phase_seconds_total", "phase", "reference"), 1e-9);
        assertEquals(0.05, phases.value("refiner_evm_execute_phase_seconds_total", "phase", "bytes"), 1e-9);
    }

    @Test
    void breakerStatesAreNumbers() {
        PipelineMetrics metrics = new PipelineMetrics();
        metrics.breaker("pinner", 2);
        Scrape scrape = Scrape.parse(metrics.scrape());
        assertEquals(2.0, scrape.value("refiner_breaker_state", "breaker", "pinner"));
        assertEquals(0.0, scrape.value("refiner_breaker_state", "breaker", "evm-server"));
    }
}
