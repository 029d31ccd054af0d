package io.cqt.refiner.pipeline;

import io.cqt.refiner.rule.BlockResultRule;
import io.cqt.refiner.rule.Rule;
import io.cqt.refiner.rule.Rules;
import io.cqt.refiner.rule.TraceRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules the directory pipeline runs per specimen. The block result is always made (it is what the journal
 * hashes, pins first and, in proof-chain mode, proves); trace rules may run beside it, from the same execution.
 */
public final class PipelineRules {
    private PipelineRules() {
    }

    /**
     * The trace rules of a {@code --rules} list ({@code block-result,call-traces,state-diff}), in the order given;
     * naming {@code block-result} is allowed and changes nothing.
     *
     * @throws IllegalArgumentException for an unknown name, a name given twice, or a rule that cannot share the
     *                                  block result's execution
     */
    public static List<String> parse(String list) {
        Rules known = Rules.load(PipelineRules.class.getClassLoader());
        Set<String> seen = new LinkedHashSet<>();
        List<String> traced = new ArrayList<>();
        for (String raw : list.split(",")) {
            String name = raw.trim();
            Rule rule = known.named(name);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("rule '" + name + "' is named twice");
            }
            if (rule instanceof TraceRule<?>) {
                traced.add(name);
            } else if (!name.equals(BlockResultRule.NAME)) {
                throw new IllegalArgumentException("rule '" + name + "' does not trace, so it cannot share the "
                        + BlockResultRule.NAME + "'s execution");
            }
        }
        return traced;
    }

    /**
     * Every trace rule on the class path: what a node's execute stage can run. In a cluster the leader's rules
     * decide what each block's execution gives, on whichever node it runs, so a node offers them all.
     */
    static List<TraceRule<?>> available() {
        List<TraceRule<?>> rules = new ArrayList<>();
        for (Rule rule : Rules.load(PipelineRules.class.getClassLoader()).all()) {
            if (rule instanceof TraceRule<?> traced) {
                rules.add(traced);
            }
        }
        return rules;
    }

    /** The trace rules of these names (as {@link #parse} gave them). */
    static List<TraceRule<?>> resolve(List<String> names) {
        Rules known = Rules.load(PipelineRules.class.getClassLoader());
        List<TraceRule<?>> rules = new ArrayList<>();
        for (String name : names) {
            if (!(known.named(name) instanceof TraceRule<?> rule)) {
                throw new IllegalArgumentException("rule '" + name + "' is not a trace rule");
            }
            rules.add(rule);
        }
        return rules;
    }

    /** The outbox name of a trace rule's output for an input: {@code <input>.<rule>.json}, beside the result. */
    static String outputName(String input, String rule) {
        return input + "." + rule + ".json";
    }
}
