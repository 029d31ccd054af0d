package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.ipfs.UnixFsImporter;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.rule.BlockResultRule;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.trace.TraceEnvelope;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Checks shared by the process tests: every dropped item refined exactly once. */
final class Refined {
    private Refined() {
    }

    static long resultCount(Path outbox) throws Exception {
        if (!Files.isDirectory(outbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".result.json")).count();
        }
    }

    /**
     * The journal (opened here, so it must be closed cleanly by then) holds exactly the dropped items, each
     * committed; the outbox holds exactly one result per item, with the bytes {@code refiner refine} makes.
     */
    static void assertEveryItemOnce(Path data, Path outbox, Map<String, Path> dropped) throws Exception {
        Map<Path, byte[]> expected = new HashMap<>();
        try (Journal journal = Journal.open(data.resolve(Journal.FILE_NAME))) {
            List<WorkItem> items = journal.all();
            assertEquals(dropped.keySet().stream().map(name -> "file:" + name).sorted().toList(),
                    items.stream().map(WorkItem::key).sorted().toList(), "one journal item per dropped file");
            for (WorkItem item : items) {
                assertEquals(WorkState.COMMITTED, item.state(), item.toString());
                String name = item.key().substring("file:".length());
                byte[] written = Files.readAllBytes(outbox.resolve(name + ".result.json"));
                byte[] wanted = expected.computeIfAbsent(dropped.get(name), source -> {
                    try {
                        return new BlockResultRule(CompatProfiles.EVM_SERVER_1_2).transform(SpecimenReader.read(source))
                                .bytes();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertArrayEquals(wanted, written, name);
                assertEquals(ResultHashes.sha256(written), item.resultHash(), name);
            }
        }
        try (Stream<Path> files = Files.list(outbox)) {
            assertEquals(dropped.keySet().stream().map(name -> name + ".result.json").sorted().toList(),
                    files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "the outbox holds one result per item and nothing else");
        }
        try (Stream<Path> inbox = Files.list(data.resolve("work"))) {
            assertTrue(inbox.findAny().isEmpty(), "no input left in the working directory");
        }
    }

    /** What {@code refiner refine --rule block-result,<trace rules>} writes offline for one specimen. */
    record Offline(byte[] result, Map<String, byte[]> outputs) {
    }

    /**
     * Runs {@code refiner refine --compat evm-server-1.2 --rule block-result,<rules> --out DIR} in a child JVM on the
     * sources (each a different block) and reads back what it wrote, by source.
     */
    static Map<Path, Offline> refineOffline(Path dir, Collection<Path> sources, List<String> rules) throws Exception {
        List<Path> distinct = List.copyOf(new LinkedHashSet<>(sources));
        Path out = dir.resolve("refined");
        List<String> command = new ArrayList<>(List.of("refine", "--compat", CompatProfiles.EVM_SERVER_1_2.name(),
                "--rule", BlockResultRule.NAME + "," + String.join(",", rules), "--out", out.toString()));
        distinct.forEach(source -> command.add(source.toString()));
        try (RefinerProcess refine = RefinerProcess.command(dir.resolve("refine.log"), command)) {
            assertEquals(0, refine.waitFor(300), refine.log());
        }
        Map<Path, Offline> offline = new LinkedHashMap<>();
        for (Path source : distinct) {
            long block = SpecimenReader.read(source).replica().number();
            Path result;
            try (Stream<Path> files = Files.list(out)) {
                result = files.filter(f -> f.getFileName().toString().startsWith(block + "-")
                        && f.getFileName().toString().endsWith(".result.json")).findFirst().orElseThrow(
                                () -> new AssertionError("refine wrote no result for block " + block));
            }
            Map<String, byte[]> outputs = new TreeMap<>();
            for (String rule : rules) {
                outputs.put(rule, Files.readAllBytes(out.resolve(block + "." + rule + ".json")));
            }
            offline.put(source, new Offline(Files.readAllBytes(result), outputs));
        }
        return offline;
    }

    /** A trace rule's output is a JSON array with one envelope per transaction of the specimen's block, in order. */
    static void assertOneEnvelopePerTransaction(Path source, String rule, byte[] output) throws Exception {
        int transactions = SpecimenReader.read(source).replica().transactions().size();
        JsonNode envelopes = TraceEnvelope.mapper().readTree(output);
        assertTrue(envelopes.isArray(), rule + " of " + source + " is not a JSON array");
        assertEquals(transactions, envelopes.size(), rule + " of " + source + ": envelopes");
        for (int i = 0; i < envelopes.size(); i++) {
            JsonNode envelope = envelopes.get(i);
            assertEquals(i, envelope.path("index").asInt(-1), rule + " of " + source + ": envelope " + i);
            assertTrue(envelope.path("txHash").asText().startsWith("0x"), rule + " of " + source + ": " + i);
            assertTrue(envelope.has("result") || envelope.has("error"), rule + " of " + source + ": " + i);
        }
    }

    /**
     * As {@link #assertEveryItemOnce}, with trace rules: every item is committed with exactly these rules' outputs
     * listed; each output's CID is the CID of the bytes {@code refine} wrote offline for the item's specimen, and
     * the content store holds those bytes under it; the outbox holds the result and one file per rule for each item
     * (those bytes too) and nothing else; the spool and the working directory are empty. Returns the items.
     */
    static List<WorkItem> assertEveryItemWithOutputs(Path data, Path outbox, Map<String, Path> dropped,
            Map<Path, Offline> offline, List<String> rules) throws Exception {
        List<WorkItem> items;
        try (Journal journal = Journal.open(data.resolve(Journal.FILE_NAME))) {
            items = journal.all();
        }
        assertEquals(dropped.keySet().stream().map(name -> "file:" + name).sorted().toList(),
                items.stream().map(WorkItem::key).sorted().toList(), "one journal item per dropped file");
        List<String> wantedFiles = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            LocalContentStore store = new LocalContentStore(vertx, data.resolve("store"));
            for (WorkItem item : items) {
                String name = item.key().substring("file:".length());
                Offline wanted = offline.get(dropped.get(name));
                assertEquals(WorkState.COMMITTED, item.state(), item.toString());
                assertEquals(ResultHashes.sha256(wanted.result()), item.resultHash(), name);
                assertEquals(UnixFsImporter.cidOf(wanted.result()).toString(), item.resultCid(), name);
                assertEquals(rules.stream().sorted().toList(), List.copyOf(item.outputs().keySet()),
                        name + ": the outputs listed in the journal");
                assertArrayEquals(wanted.result(), Files.readAllBytes(outbox.resolve(name + ".result.json")), name);
                wantedFiles.add(name + ".result.json");
                for (String rule : rules) {
                    byte[] bytes = wanted.outputs().get(rule);
                    String cid = item.outputs().get(rule);
                    assertEquals(UnixFsImporter.cidOf(bytes).toString(), cid, name + ": the CID of " + rule);
                    assertArrayEquals(bytes, store.get(Cid.parse(cid)).toCompletionStage().toCompletableFuture()
                            .get(1, TimeUnit.MINUTES), name + ": " + rule + " in the content store");
                    String file = name + "." + rule + ".json";
                    assertArrayEquals(bytes, Files.readAllBytes(outbox.resolve(file)), file);
                    wantedFiles.add(file);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        }
        try (Stream<Path> files = Files.list(outbox)) {
            assertEquals(wantedFiles.stream().sorted().toList(), files.map(f -> f.getFileName().toString()).sorted()
                    .toList(), "the outbox holds the result and the outputs of each item, and nothing else");
        }
        for (String dir : List.of("spool", "work")) {
            try (Stream<Path> left = Files.list(data.resolve(dir))) {
                assertEquals(List.of(), left.map(Path::toString).toList(), "nothing left in data/" + dir);
            }
        }
        return items;
    }

    /**
     * {@code refiner journal list --json --data DATA} in a child JVM: the outputs of each item it prints, by key
     * (and the whole output, for the caller's checks).
     */
    static Map<String, Map<String, String>> journalListOutputs(Path data, Path log) throws Exception {
        String printed;
        try (RefinerProcess list = RefinerProcess.command(log, List.of("journal", "list", "--json", "--data",
                data.toString()))) {
            assertEquals(0, list.waitFor(120), list.log());
            printed = list.log();
        }
        Map<String, Map<String, String>> outputs = new TreeMap<>();
        for (String line : printed.lines().filter(line -> line.startsWith("{")).toList()) {
            JsonNode item = TraceEnvelope.mapper().readTree(line);
            Map<String, String> listed = new TreeMap<>();
            item.path("outputs").properties().forEach(e -> listed.put(e.getKey(), e.getValue().asText()));
            assertTrue(outputs.put(item.path("key").asText(), listed) == null, "an item listed twice:\n" + printed);
        }
        return outputs;
    }

    /** The outputs of these items, by key, as {@link #journalListOutputs} gives them. */
    static Map<String, Map<String, String>> outputsByKey(Collection<WorkItem> items) {
        Map<String, Map<String, String>> outputs = new TreeMap<>();
        items.forEach(item -> outputs.put(item.key(), new TreeMap<>(item.outputs())));
        return outputs;
    }
}
