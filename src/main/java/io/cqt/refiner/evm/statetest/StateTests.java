package io.cqt.refiner.evm.statetest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.evm.fork.Fork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Finds and parses state-test files (the EEST / ethereum-tests JSON format). */
public final class StateTests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StateTests() {
    }

    /** Every {@code .json} file below {@code dir}, sorted by path. */
    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list state tests under " + dir, e);
        }
    }

    /** The cases of one file for the given forks; {@code root} names the corpus root for ids and categories. */
    public static List<StateTestCase> load(Path root, Path file, Set<Fork> forks) {
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state test " + file + ": " + e.getMessage(), e);
        }
        String rel = root.relativize(file).toString().replace('\\', '/');
        String category = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
        List<StateTestCase> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> test = it.next();
            JsonNode post = test.getValue().path("post");
            for (Fork fork : forks) {
                JsonNode entries = post.path(fork.displayName());
                for (int i = 0; i < entries.size(); i++) {
                    out.add(new StateTestCase(rel, category, test.getKey(), fork, i, test.getValue(), entries.get(i)));
                }
            }
        }
        return out;
    }
}
