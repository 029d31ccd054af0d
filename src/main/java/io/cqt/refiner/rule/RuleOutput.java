package io.cqt.refiner.rule;

import java.util.Map;

/**
 * What a rule made of a specimen.
 *
 * @param bytes    the output, as stored and hashed (never changed after the rule returns it)
 * @param metadata facts about the output worth a log line (block number, counts, ...), in a stable order
 */
public record RuleOutput(byte[] bytes, Map<String, String> metadata) {
    public RuleOutput {
        metadata = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }
}
