package io.cqt.refiner.rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The rules on the class path, found with {@link ServiceLoader}. */
public final class Rules {
    private final List<Rule> rules;

    private Rules(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules {@code loader} can see, sorted by name; two rules of one name are an error. */
    public static Rules load(ClassLoader loader) {
        List<Rule> found = new ArrayList<>();
        for (Rule rule : ServiceLoader.load(Rule.class, loader)) {
            for (Rule other : found) {
                if (other.name().equals(rule.name())) {
                    throw new IllegalStateException("two rules named '" + rule.name() + "': "
                            + other.getClass().getName() + " and " + rule.getClass().getName());
                }
            }
            found.add(rule);
        }
        found.sort(Comparator.comparing(Rule::name));
        return new Rules(List.copyOf(found));
    }

    public List<Rule> all() {
        return rules;
    }

    /** @throws IllegalArgumentException naming the known rules when none has this name */
    public Rule named(String name) {
        for (Rule rule : rules) {
            if (rule.name().equals(name)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("unknown rule '" + name + "'; known: "
                + rules.stream().map(Rule::name).toList());
    }
}
