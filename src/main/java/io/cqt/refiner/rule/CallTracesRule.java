package io.cqt.refiner.rule;

import io.cqt.refiner.trace.CallTracer;
import io.cqt.refiner.trace.TraceEnvelope;
import io.cqt.refiner.trace.TracedBlock;
import io.cqt.refiner.types.Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per transaction, geth's {@code callTracer} result with logs ({@link CallTracer}), in the envelope of
 * {@link TraceEnvelope} (docs/ANALYSTS.md).
 */
public final class CallTracesRule implements TraceRule<CallTracer> {
    public static final String NAME = "call-traces";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public CallTracer newTracer() {
        return new CallTracer();
    }

    @Override
    public RuleOutput output(CallTracer tracer, TracedBlock block) {
        Map<Integer, List<String>> more = new HashMap<>();
        for (Map.Entry<Integer, Set<Address>> e : tracer.addresses().entrySet()) {
            List<String> why = block.accountLosses(e.getValue().stream().sorted().toList());
            if (!why.isEmpty()) {
                more.put(e.getKey(), why);
            }
        }
        return TraceRules.output(block, TraceEnvelope.write(block, tracer.results(), more));
    }
}
