package io.cqt.refiner.rule;

import io.cqt.refiner.trace.StateDiffTracer;
import io.cqt.refiner.trace.TraceEnvelope;
import io.cqt.refiner.trace.TracedBlock;
import io.cqt.refiner.types.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per transaction, geth's {@code prestateTracer} result in diff mode ({@link StateDiffTracer}), in the envelope of
 * {@link TraceEnvelope} (docs/ANALYSTS.md).
 */
public final class StateDiffRule implements TraceRule<StateDiffTracer> {
    public static final String NAME = "state-diff";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public StateDiffTracer newTracer() {
        return new StateDiffTracer();
    }

    @Override
    public RuleOutput output(StateDiffTracer tracer, TracedBlock block) {
        Map<Integer, List<String>> more = new HashMap<>();
        for (Map.Entry<Integer, List<Address>> e : tracer.accounts().entrySet()) {
            List<String> why = new ArrayList<>(block.accountLosses(e.getValue().stream().sorted().toList()));
            why.addAll(tracer.unknownCode().getOrDefault(e.getKey(), List.of()));
            if (!why.isEmpty()) {
                more.put(e.getKey(), why);
            }
        }
        return TraceRules.output(block, TraceEnvelope.write(block, tracer.results(), more));
    }
}
