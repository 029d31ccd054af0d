package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.rule.BlockResultRule;
import io.cqt.refiner.specimen.SpecimenReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}
