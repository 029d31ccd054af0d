package io.cqt.refiner.rule;

import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.avro.CodecVersion;
import io.cqt.refiner.trace.TracedBlock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A rule whose output a tracer gathers during the block's execution. Several such rules share one execution
 * ({@link TracedRules}); alone, {@link #transform} runs one for itself.
 *
 * @param <T> the tracer this rule reads back
 */
public interface TraceRule<T extends Tracer> extends Rule {
    /** Tracing reads the execution, not the encoding: every codec. */
    @Override
    default Set<CodecVersion> codecs() {
        return EnumSet.allOf(CodecVersion.class);
    }

    /** A fresh tracer for one execution. */
    T newTracer();

    /** The output, from the tracer once the execution it was attached to has been verified. */
    RuleOutput output(T tracer, TracedBlock block);

    @Override
    default RuleOutput transform(Specimen specimen) {
        return TracedRules.apply(specimen, List.of(this)).outputs().get(name());
    }
}
