package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.testing.SharedData;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlocktestCommandTest {
    private static final String INVALID_HEADERS = "blockchain-tests/london/validation";
    private static final String TSTORE = "blockchain-tests/cancun/eip1153_tstore/test_tstore_clear_after_tx.json";

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();

    /** Cases per network in the given files, counted straight from the JSON. */
    private Map<String, Integer> networks(List<Path> files) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        for (Path f : files) {
            for (JsonNode test : mapper.readTree(f.toFile())) {
                out.merge(test.path("network").asText(), 1, Integer::sum);
            }
        }
        return out;
    }

    @Test
    void validAndInvalidBlocksPassWithCasesCountedPerNetwork() throws Exception {
        Path invalid = SharedData.require(INVALID_HEADERS);
        Path tstore = SharedData.require(TSTORE);
        List<Path> files = new ArrayList<>(List.of(tstore));
        try (var s = Files.list(invalid)) {
            files.addAll(s.toList());
        }
        Map<String, Integer> expected = networks(files);
        int total = expected.values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(expected.size() >= 6 && total > 6, expected::toString);

        CliRun run = CliRun.of("blocktest", "--json", invalid.toString(), tstore.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        assertEquals(1, run.lines().size(), run.out());
        JsonNode summary = mapper.readTree(run.last());
        assertEquals(total, summary.path("passed").asInt());
        assertEquals(0, summary.path("failed").asInt());
        assertEquals(0, summary.path("unsupported").asInt());
        expected.forEach((network, n) ->
                assertEquals(n, summary.path("byFork").path(network).path("passed").asInt(), network));

        int tstorePrague = networks(List.of(tstore)).get("Prague");
        CliRun prague = CliRun.of("blocktest", "--fork", "Prague", tstore.toString());
        assertEquals(0, prague.status(), prague.err());
        assertEquals(List.of("Prague: " + tstorePrague + "/" + tstorePrague + " passed"), prague.lines());
    }

    @Test
    void aWrongPostStateAMalformedBlockAnUnreadableFileAndAnUnsupportedNetworkAreEachNamedAndTheRunGoesOn() throws Exception {
        ObjectNode tree = (ObjectNode) mapper.readTree(SharedData.require(TSTORE).toFile());
        Iterator<Map.Entry<String, JsonNode>> it = tree.fields();
        String wrongState = it.next().getKey();
        String malformed = it.next().getKey();
        String unsupported = it.next().getKey();
        ObjectNode account = (ObjectNode) tree.path(wrongState).path("postState").elements().next();
        account.put("balance", "0x" + new BigInteger(account.path("balance").asText().substring(2), 16)
                .add(BigInteger.ONE).toString(16));
        ((ObjectNode) tree.path(malformed).path("blocks").get(0)).put("rlp", "0xzz");
        ((ObjectNode) tree.path(unsupported)).put("network", "Berlin");
        Path file = dir.resolve("corrupted.json");
        mapper.writeValue(file.toFile(), tree);
        Files.writeString(dir.resolve("truncated.json"), "{\"a\": {\"blocks\": [");

        CliRun run = CliRun.of("blocktest", "--json", dir.toString());
        assertEquals(1, run.status(), run.out() + run.err());
        Map<String, JsonNode> byCase = new HashMap<>();
        for (String line : run.lines().subList(0, run.lines().size() - 1)) {
            JsonNode o = mapper.readTree(line);
            byCase.put(o.path("case").asText(), o);
        }
        assertEquals(4, byCase.size(), run.out());
        assertTrue(byCase.get("truncated.json::").path("detail").asText().startsWith("cannot read truncated.json"),
                run.out());
        assertTrue(byCase.get("corrupted.json::" + wrongState).path("detail").asText().contains("balance"),
                run.out());
        assertTrue(byCase.get("corrupted.json::" + malformed).path("detail").asText().contains("zz"), run.out());
        assertTrue(byCase.get("corrupted.json::" + unsupported).path("unsupported").asText().contains("Berlin"),
                run.out());
        JsonNode summary = mapper.readTree(run.last());
        assertEquals(tree.size() - 3, summary.path("passed").asInt());
        assertEquals(3, summary.path("failed").asInt());
        assertEquals(1, summary.path("byFork").path("unreadable").path("failed").asInt());
        assertEquals(1, summary.path("unsupported").asInt());
        assertEquals(1, summary.path("unsupportedByNetwork").path("Berlin").asInt());
    }

    @Test
    void anInvalidBlockNotMarkedSoFailsAsRejected() throws Exception {
        Path file;
        try (var s = Files.list(SharedData.require(INVALID_HEADERS))) {
            file = s.findFirst().orElseThrow();
        }
        ObjectNode tree = (ObjectNode) mapper.readTree(file.toFile());
        String name = tree.fieldNames().next();
        ObjectNode block = (ObjectNode) tree.path(name).path("blocks").get(0);
        String exception = block.remove("expectException").asText();
        assertTrue(exception.contains("BASEFEE"), exception);
        ObjectNode one = mapper.createObjectNode();
        one.set(name, tree.path(name));
        mapper.writeValue(dir.resolve("unmarked.json").toFile(), one);

        CliRun run = CliRun.of("blocktest", dir.toString());
        assertEquals(1, run.status(), run.out());
        assertTrue(run.lines().get(0).startsWith("FAIL unmarked.json::" + name + ": block 0 rejected: base fee"),
                run.out());
    }

    @Test
    void aFolderWithoutBlockchainTestsIsAnErrorNotZeroOfZero() throws Exception {
        Files.writeString(dir.resolve("empty.json"), "{}");
        CliRun run = CliRun.of("blocktest", "--json", dir.toString());
        assertEquals(1, run.status(), run.out());
        assertEquals("refiner: no blockchain test in " + dir, run.err().strip());
        assertEquals("", run.out());
    }
}
