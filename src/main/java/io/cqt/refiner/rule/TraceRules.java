package io.cqt.refiner.rule;

import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.trace.TraceEnvelope;
import io.cqt.refiner.trace.TracedBlock;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the trace rules say of their output beside its bytes. */
final class TraceRules {
    private TraceRules() {
    }

    static RuleOutput output(TracedBlock block, TraceEnvelope.Written written) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("block", Long.toString(block.execution().replica().number()));
        metadata.put("fork", block.execution().fork().displayName());
        metadata.put("verified", Boolean.toString(block.verification().verified()));
        metadata.put("transactions", Integer.toString(block.transactionCount()));
        metadata.put("traced", Integer.toString(written.traced()));
        metadata.put("lossy", Integer.toString(written.lossy()));
        metadata.put("sha256", ResultHashes.sha256(written.bytes()).toString());
        return new RuleOutput(written.bytes(), metadata);
    }
}
