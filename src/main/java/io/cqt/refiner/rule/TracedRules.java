package io.cqt.refiner.rule;

import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.block.BlockVerifier;
import io.cqt.refiner.evm.block.Verification;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.trace.Tracers;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.trace.TracedBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a specimen once with the tracers of several {@link TraceRule}s attached, verifies the execution against the
 * header as a refine does, and gives each rule's output. The execution is the canonical one (known losses repaired
 * where they can be), so the traces describe mainnet's execution wherever the block verifies.
 */
public final class TracedRules {
    private TracedRules() {
    }

    /** The shared execution, its verification, and each rule's output by rule name (in the order given). */
    public record Result(BlockExecution execution, Verification verification, Map<String, RuleOutput> outputs) {
    }

    public static Result apply(Specimen specimen, List<? extends TraceRule<?>> rules) {
        return apply(specimen, rules, new BlockExecutor(MainnetPrecompiles::forFork, auth -> null));
    }

    /** With the caller's executor (and its code cache). */
    public static Result apply(Specimen specimen, List<? extends TraceRule<?>> rules, BlockExecutor executor) {
        List<Bound<?>> bound = new ArrayList<>();
        for (TraceRule<?> rule : rules) {
            bound.add(Bound.of(rule));
        }
        List<Tracer> tracers = new ArrayList<>();
        for (Bound<?> b : bound) {
            tracers.add(b.tracer());
        }
        BlockExecution execution = executor.execute(specimen.replica(), Tracers.of(tracers));
        Verification verification = new BlockVerifier().verify(execution, specimen.replica().receipts());
        TracedBlock block = new TracedBlock(execution, verification);
        Map<String, RuleOutput> outputs = new LinkedHashMap<>();
        for (Bound<?> b : bound) {
            outputs.put(b.rule().name(), b.output(block));
        }
        return new Result(execution, verification, outputs);
    }

    /** A rule with the tracer it made, so its output reads back the right type. */
    private record Bound<T extends Tracer>(TraceRule<T> rule, T tracer) {
        static <T extends Tracer> Bound<T> of(TraceRule<T> rule) {
            return new Bound<>(rule, rule.newTracer());
        }

        RuleOutput output(TracedBlock block) {
            return rule.output(tracer, block);
        }
    }
}
