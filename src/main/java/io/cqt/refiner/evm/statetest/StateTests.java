package io.cqt.refiner.evm.statetest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.logging.SafeText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** Finds and parses state-test files (the EEST / ethereum-tests JSON format). */
public final class StateTests {
    /** Trailing data after the document is refused, as the specimen readers refuse it. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StateTests() {
    }

    /** Every fork the executor implements, London to the latest blob-parameter fork. */
    public static final String DEFAULT_FORKS = String.join(",",
            Arrays.stream(Fork.values()).map(Fork::displayName).toList());

    /**
     * The forks named in a comma-separated list of display names ({@code Cancun,Prague}), case-insensitive.
     *
     * @throws IllegalArgumentException naming an unknown fork
     */
    public static Set<Fork> forks(String names) {
        Set<Fork> out = EnumSet.noneOf(Fork.class);
        for (String name : names.split(",")) {
            String n = name.trim();
            Fork match = null;
            for (Fork f : Fork.values()) {
                if (f.displayName().equalsIgnoreCase(n)) {
                    match = f;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("unknown fork '" + n + "'");
            }
            out.add(match);
        }
        return out;
    }

    /**
     * The cases under each path for the given forks, in path order. A folder is walked for {@code .json} files and
     * names its cases relative to itself ({@code stExample/add11.json}); a file names its cases by its file name.
     *
     * @throws IllegalArgumentException for a path that does not exist or a folder without any state test (for any
     *                                  fork), so that a wrong path never passes as 0 of 0
     */
    public static List<StateTestCase> cases(List<Path> paths, Set<Fork> forks) {
        List<StateTestCase> out = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> files = files(path);
                int before = out.size();
                for (Path file : files) {
                    out.addAll(load(path, file, forks));
                }
                if (out.size() == before && files.stream().allMatch(f -> load(path, f, EnumSet.allOf(Fork.class))
                        .isEmpty())) {
                    throw new IllegalArgumentException("no state test in " + path);
                }
            } else if (Files.isRegularFile(path)) {
                Path absolute = path.toAbsolutePath();
                out.addAll(load(absolute.getParent(), absolute, forks));
            } else {
                throw new IllegalArgumentException("no state-test file or folder " + path);
            }
        }
        return out;
    }

    /** Every {@code .json} file below {@code dir}, sorted by path. */
    public static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list state tests under " + dir, e);
        }
    }

    /**
     * The cases of one file for the given forks; {@code root} names the corpus root for ids and categories. A file
     * that is not one JSON object is one failing case naming it and why, so that a run over a folder goes on.
     */
    public static List<StateTestCase> load(Path root, Path file, Set<Fork> forks) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        String category = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";
        Fixture fixture = readFixture(file, rel);
        if (fixture.problem() != null) {
            return List.of(StateTestCase.unreadable(rel, category, fixture.problem()));
        }
        List<StateTestCase> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fixture.tree().fields(); it.hasNext(); ) {
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

    /** A test file's JSON object, or (tree null) why it is not one, in a line that names the file. */
    public record Fixture(JsonNode tree, String problem) {
    }

    /**
     * Reads a state-test or blockchain-test file: one JSON object and nothing after it.
     *
     * @param name the file as messages name it
     */
    public static Fixture readFixture(Path file, String name) {
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new Fixture(null, "cannot read " + name + ": not JSON" + where + ": " + jacksonReason(e));
        } catch (IOException e) {
            String why = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            return new Fixture(null, "cannot read " + name + ": " + SafeText.line(why));
        }
        if (tree == null || tree.isMissingNode()) {
            return new Fixture(null, "cannot read " + name + ": no JSON value in it");
        }
        if (!tree.isObject()) {
            return new Fixture(null, "cannot read " + name + ": the JSON is not an object of tests");
        }
        return new Fixture(tree, null);
    }

    /** Jackson's own words, without the source excerpt and marker position it appends (the location is given). */
    private static String jacksonReason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int marker = message.indexOf(" (start marker at");
        if (marker >= 0) {
            message = message.substring(0, marker);
        }
        return SafeText.line(message.lines().findFirst().orElse("").strip());
    }
}
