package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code refine --rule call-traces,state-diff --out DIR}: names, one execution for several rules, the block result. */
class RefineTraceRulesTest {
    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String prefix(Path input) throws IOException {
        return ResultHashes.sha256(Files.readAllBytes(input)).toString().substring(2, 14);
    }

    @Test
    void oneInputPerBlockGetsPlainNamesAndASecondInputOfTheBlockASuffix() throws IOException {
        Path folder = SharedData.require("specimens/15892728");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("refine", "--rule", "call-traces,state-diff", "--out", out.toString(),
                folder.toString());
        assertEquals(0, run.status(), run.err());
        Path json = folder.resolve("specimen.json");
        String second = prefix(json);
        // Files are taken in name order: the Avro file first, so the JSON one shares its block.
        assertEquals(List.of("15892728-" + second + ".call-traces.json", "15892728-" + second + ".state-diff.json",
                "15892728.call-traces.json", "15892728.state-diff.json"), names(out));
        assertArrayEquals(Files.readAllBytes(out.resolve("15892728.call-traces.json")),
                Files.readAllBytes(out.resolve("15892728-" + second + ".call-traces.json")),
                "the same block from either encoding traces the same");
        assertEquals(4, run.lines().size(), run.out());
        assertTrue(run.lines().get(0).contains("call-traces 1.0.0"), run.out());
        assertTrue(run.lines().get(1).contains("state-diff 1.0.0"), run.out());

        // Again: the same bytes are left as they are, nothing new is written.
        CliRun again = CliRun.of("refine", "--rule", "call-traces,state-diff", "--out", out.toString(),
                folder.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(4, names(out).size());
    }

    @Test
    void theBlockResultBesideTraceRulesIsTheBytesRefineWritesAlone() throws IOException {
        Path input = SharedData.specimen(17090940, "specimen-codec-0.35.avro");
        Path alone = dir.resolve("alone");
        Path together = dir.resolve("together");
        assertEquals(0, CliRun.of("refine", "--out", alone.toString(), input.toString()).status());
        CliRun run = CliRun.of("refine", "--rule", "block-result,call-traces", "--out", together.toString(),
                input.toString());
        assertEquals(0, run.status(), run.err());
        String result = "17090940-" + prefix(input) + ".result.json";
        assertEquals(List.of(result), names(alone));
        assertEquals(List.of(result, "17090940.call-traces.json"), names(together));
        assertArrayEquals(Files.readAllBytes(alone.resolve(result)), Files.readAllBytes(together.resolve(result)));
    }

    @Test
    void aRuleThatDoesNotTraceCannotShareAnExecution() {
        CliRun run = CliRun.of("refine", "--rule", "call-traces,test-tx-count", "x.json");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("rule test-tx-count does not trace"), run.err());
    }
}
