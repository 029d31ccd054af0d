package io.cqt.refiner.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition: the sample lines, for tests. */
record Scrape(List<Sample> samples) {
    record Sample(String name, String labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+).*");

    static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            samples.add(new Sample(m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
        }
        return new Scrape(samples);
    }

    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        samples.forEach(s -> names.add(s.name()));
        return names;
    }

    /** The value of the one sample named {@code name} whose labels include {@code label="value"} (pairs). */
    double value(String name, String... labelPairs) {
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            boolean match = sample.name().equals(name);
            for (int i = 0; match && i < labelPairs.length; i += 2) {
                match = sample.labels().contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
            }
            if (match) {
                found.add(sample);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + " " + List.of(labelPairs) + ", found " + found);
        }
        return found.get(0).value();
    }
}
