package io.cqt.refiner.rule;

import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.avro.CodecVersion;
import java.util.Set;

/**
 * A transformation of a block specimen into an output the network stores (the block result is the first). Rules are
 * found with {@link java.util.ServiceLoader}: an implementation has a public no-argument constructor and is listed in
 * {@code META-INF/services/io.cqt.refiner.rule.Rule}. Implementations are stateless and thread-safe.
 */
public interface Rule {
    /** The name {@code refine --rule} selects, e.g. {@code block-result}. */
    String name();

    String version();

    /** The Avro codecs whose specimens this rule reads; a JSON specimen carries no codec and every rule reads it. */
    Set<CodecVersion> codecs();

    RuleOutput transform(Specimen specimen);

    /** True when this rule reads the specimen's codec. */
    default boolean accepts(Specimen specimen) {
        return specimen.codec() == null || codecs().contains(specimen.codec());
    }
}
