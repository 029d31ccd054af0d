package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatetestCommandTest {
    private static final String EXAMPLES = "state-tests/static/state_tests/stExample";

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    /** post[fork] entries in the folder's files, counted straight from the JSON. */
    private int entries(Path folder, String fork) throws Exception {
        return entries(folder, fork, ".json");
    }

    /** post[fork] entries in the folder's files whose names end with {@code suffix}. */
    private int entries(Path folder, String fork, String suffix) throws Exception {
        int n = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                for (JsonNode test : mapper.readTree(f.toFile())) {
                    n += test.path("post").path(fork).size();
                }
            }
        }
        return n;
    }

    @Test
    void aCorpusFolderPassesWithItsCasesCountedPerFork() throws Exception {
        Path folder = SharedData.require(EXAMPLES);
        int cancun = entries(folder, "Cancun");
        int prague = entries(folder, "Prague");
        int osaka = entries(folder, "Osaka");
        assertTrue(cancun > 0 && prague > 0 && osaka > 0);

        // Every fork runs by default: the Osaka entries count too.
        CliRun run = CliRun.of("statetest", "--json", folder.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        assertEquals(1, run.lines().size(), run.out());
        JsonNode summary = mapper.readTree(run.last());
        assertEquals(cancun + prague + osaka, summary.path("passed").asInt());
        assertEquals(osaka, summary.path("byFork").path("Osaka").path("passed").asInt());
        assertEquals(0, summary.path("failed").asInt());
        assertEquals(cancun, summary.path("byFork").path("Cancun").path("passed").asInt());
        assertEquals(prague, summary.path("byFork").path("Prague").path("passed").asInt());

        CliRun human = CliRun.of("statetest", "--fork", "Prague", folder.toString());
        assertEquals(0, human.status(), human.err());
        assertEquals(List.of("Prague: " + prague + "/" + prague + " passed"), human.lines());
    }

    @Test
    void aCorruptedCaseFailsAndIsNamed() throws Exception {
        Path original = SharedData.require(EXAMPLES + "/add11.json");
        ObjectNode tree = (ObjectNode) mapper.readTree(original.toFile());
        Map.Entry<String, JsonNode> first = tree.fields().next();
        // The fork of the file's first case (EEST files hold one fork per test name).
        String fork = first.getValue().path("post").fieldNames().next();
        // One expected post-state root off by a digit: the case must fail on its root, the others still pass.
        ObjectNode post = (ObjectNode) first.getValue().path("post").path(fork).get(0);
        String hash = post.path("hash").asText();
        post.put("hash", hash.substring(0, hash.length() - 1) + (hash.endsWith("0") ? "1" : "0"));
        Path corrupted = dir.resolve("add11.json");
        mapper.writeValue(corrupted.toFile(), tree);

        CliRun run = CliRun.of("statetest", "--json", dir.toString());
        assertEquals(1, run.status(), run.out() + run.err());
        assertEquals(2, run.lines().size(), run.out());
        JsonNode failure = mapper.readTree(run.lines().get(0));
        assertEquals("add11.json::" + first.getKey() + "::" + fork + "::0", failure.path("case").asText());
        assertTrue(failure.path("detail").asText().contains("state root"), failure.toString());
        JsonNode summary = mapper.readTree(run.last());
        assertEquals(1, summary.path("failed").asInt());
        assertEquals(1, summary.path("byFork").path(fork).path("failed").asInt());
        int cases = entries(dir, "Cancun") + entries(dir, "Prague") + entries(dir, "Osaka");
        assertEquals(cases - 1, summary.path("passed").asInt());
    }

    @Test
    void aFileThatIsNotJsonIsOneFailingCaseAndTheRunGoesOn() throws Exception {
        Path original = SharedData.require(EXAMPLES + "/add11.json");
        Files.copy(original, dir.resolve("add11.json"));
        Files.writeString(dir.resolve("truncated.json"), "{\"add11\": {\"post\": [");
        Files.writeString(dir.resolve("words.json"), "not json at all");
        int cases = entries(dir, "Cancun", "add11.json")
                + entries(dir, "Prague", "add11.json") + entries(dir, "Osaka", "add11.json");
        assertTrue(cases > 0);

        CliRun run = CliRun.of("statetest", "--json", dir.toString());
        assertEquals(1, run.status(), run.out() + run.err());
        assertEquals("", run.err());
        assertEquals(3, run.lines().size(), run.out());
        JsonNode truncated = mapper.readTree(run.lines().get(0));
        assertEquals("truncated.json::", truncated.path("case").asText());
        assertTrue(truncated.path("detail").asText().startsWith("cannot read truncated.json: not JSON at line 1"),
                truncated.toString());
        JsonNode words = mapper.readTree(run.lines().get(1));
        assertEquals("words.json::", words.path("case").asText());
        assertTrue(words.path("detail").asText().startsWith("cannot read words.json: not JSON"), words.toString());
        JsonNode summary = mapper.readTree(run.last());
        assertEquals(cases, summary.path("passed").asInt());
        assertEquals(2, summary.path("failed").asInt());
        assertEquals(2, summary.path("byFork").path("unreadable").path("failed").asInt());

        // A file named on its own is one failing case too, in the plain output as well.
        CliRun single = CliRun.of("statetest", dir.resolve("words.json").toString());
        assertEquals(1, single.status(), single.out() + single.err());
        assertTrue(single.lines().get(0).startsWith("FAIL words.json::: cannot read words.json: not JSON"),
                single.out());
        assertTrue(single.lines().contains("unreadable: 0/1 passed"), single.out());
    }

    @Test
    void aFolderWithoutStateTestsIsAnErrorNotZeroOfZero() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "no tests here");
        CliRun run = CliRun.of("statetest", "--json", dir.toString());
        assertEquals(1, run.status(), run.out());
        assertEquals("refiner: no state test in " + dir, run.err().strip());
        assertEquals("", run.out());
    }

    @Test
    void anUnknownForkIsAOneLineError() {
        CliRun run = CliRun.of("statetest", "--fork", "Atlantis", dir.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().strip().equals("refiner: unknown fork 'Atlantis'"), run.err());
    }
}
