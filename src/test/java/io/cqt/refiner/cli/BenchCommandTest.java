package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void reportsOneLinePerSpecimenAndThePositiveMedian() throws Exception {
        Path cancun = SharedData.specimen(19434485L, "specimen-codec-0.36.avro");
        Path london = SharedData.specimen(15892728L, "specimen-codec-0.31.avro");
        CliRun run = CliRun.of("bench", "--no-until-jit-quiet", "--warmup", "1", "--runs", "2", "--json", cancun.toString(), london.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        assertEquals(3, run.lines().size(), run.out());
        List<Double> rates = new ArrayList<>();
        double timedAt = 0;
        for (int i = 0; i < 2; i++) {
            JsonNode o = mapper.readTree(run.lines().get(i));
            Path file = i == 0 ? cancun : london;
            // files are timed one after the other, after the decoding and the warm-up
            assertTrue(o.path("timedAtSeconds").asDouble() > timedAt, o.toString());
            timedAt = o.path("timedAtSeconds").asDouble();
            assertEquals(file.toString(), o.path("file").asText());
            var replica = SpecimenReader.read(file).replica();
            assertEquals(replica.number(), o.path("block").asLong());
            // Every shared specimen verifies, so the gas executed is the header's.
            assertEquals(replica.header().gasUsed(), o.path("gasUsed").asLong());
            assertTrue(o.path("verified").asBoolean(), o.toString());
            assertEquals(2, o.path("runs").asInt());
            assertTrue(o.path("medianSeconds").asDouble() > 0, o.toString());
            double rate = o.path("mgasPerSecond").asDouble();
            assertEquals(o.path("gasUsed").asDouble() / o.path("medianSeconds").asDouble() / 1e6, rate, rate * 1e-9);
            rates.add(rate);
        }
        JsonNode summary = mapper.readTree(run.last());
        assertEquals(2, summary.path("specimens").asInt());
        assertEquals((rates.get(0) + rates.get(1)) / 2, summary.path("medianMgasPerSecond").asDouble(), 1e-9);
    }

    @Test
    void aBlockThatDoesNotMatchItsHeaderIsTimedButReportedUnverified() throws Exception {
        // 22433670 lost tx 46's authorization list: its receipts differ from the producer's from there on.
        Path prague = SharedData.specimen(22433670L, "specimen-codec-0.38.avro");
        CliRun run = CliRun.of("bench", "--no-until-jit-quiet", "--warmup", "0", "--runs", "1", "--workers", "1", "--json", prague.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        JsonNode o = mapper.readTree(run.lines().get(0));
        assertFalse(o.path("verified").asBoolean(true), o.toString());
        assertTrue(o.path("mgasPerSecond").asDouble() > 0, o.toString());
    }

    @Test
    void humanOutputEndsWithTheMedian() {
        CliRun run = CliRun.of("bench", "--no-until-jit-quiet", "--warmup", "0", "--runs", "1", "--workers", "1",
                SharedData.specimen(17090940L, "specimen-codec-0.35.avro").toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(3, run.lines().size(), run.out());
        assertTrue(run.lines().get(0).matches(".*: block 17090940, gas \\d+, verified, [0-9.]+ ms, [0-9.]+ Mgas/s, [0-9.]+ MB allocated"), run.out());
        assertTrue(run.lines().get(1).matches(
                "median over 1 specimens: [0-9.]+ Mgas/s \\(0 warm-up, 1 timed runs each\\)"), run.out());
        assertTrue(run.last().matches("execute only: [0-9.]+ Mgas/s \\(total gas \\d+ over the sum of the medians\\); "
                + "[0-9.]+ MB allocated per block"), run.out());
    }

    @Test
    void pipelineRoundsRefineEveryFileAndReportTheirRate() throws Exception {
        Path cancun = SharedData.specimen(19434485L, "specimen-codec-0.36.avro");
        Path london = SharedData.specimen(15892728L, "specimen-codec-0.31.avro");
        CliRun run = CliRun.of("bench", "--no-until-jit-quiet", "--pipeline", "--workers", "1", "--compat", "evm-server-1.2", "--copies", "2", "--warmup", "1", "--runs", "1", "--json", cancun.toString(),
                london.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        long gas = SpecimenReader.read(cancun).replica().header().gasUsed()
                + SpecimenReader.read(london).replica().header().gasUsed();
        JsonNode summary = mapper.readTree(run.last());
        double seconds = summary.path("pipelineSecondsPerPass").asDouble();
        assertTrue(seconds > 0, summary.toString());
        assertEquals(1, summary.path("pipelineWorkers").asInt());
        assertEquals(2, summary.path("pipelineCopies").asInt());
        double rate = summary.path("pipelineMgasPerSecond").asDouble();
        assertEquals(gas / seconds / 1e6, rate, rate * 1e-9);
        double executeSeconds = 0;
        for (int i = 0; i < 2; i++) {
            executeSeconds += mapper.readTree(run.lines().get(i)).path("medianSeconds").asDouble();
        }
        double aggregate = summary.path("aggregateMgasPerSecond").asDouble();
        assertEquals(gas / executeSeconds / 1e6, aggregate, aggregate * 1e-9);
        // One worker: the pipeline is set against execution on one thread, after exactly --warmup rounds.
        assertEquals(rate / aggregate, summary.path("pipelineShareOfExecuteOnly").asDouble(), 1e-9);
        assertEquals(1, summary.path("pipelineWarmupRounds").asInt());
        // Where the execute stage went: 19434485's blob transactions, as evm-server-1.2 decodes them, need its own run.
        assertTrue(summary.path("pipelineExecuteStageBusy").asDouble() > 0, summary.toString());
        double run1 = summary.path("pipelineExecuteRunShare").asDouble();
        double reference = summary.path("pipelineExecuteReferenceShare").asDouble();
        double bytes = summary.path("pipelineExecuteBytesShare").asDouble();
        assertTrue(run1 > 0 && reference > 0 && bytes > 0, summary.toString());
        assertTrue(run1 + reference + bytes <= 1 + 1e-9, summary.toString());
        // The stage's work alone, on as many threads, a pass after each round: the pipeline's figure is set against
        // it too, as the median of the pairs (with one timed round, that round against that pass).
        double stage = summary.path("executeStageMgasPerSecond").asDouble();
        assertTrue(stage > 0, summary.toString());
        assertEquals(rate / stage, summary.path("pipelineShareOfExecuteStage").asDouble(), 1e-9);
        assertEquals(1, summary.path("pipelinePairSharesOfExecuteStage").size(), summary.toString());
        assertTrue(run.out().contains("\"pipelineShareOfExecuteStage\""), run.out());
    }

    @Test
    void badRunCountsAreAOneLineError() {
        CliRun run = CliRun.of("bench", "--runs", "0", "x");
        assertEquals(1, run.status());
        assertEquals("refiner: --warmup must be >= 0, --max-warmup >= --warmup, --runs >= 1 and --workers >= 1",
                run.err().strip());
    }

    @Test
    void workersExecuteTheBlocksAtOnceWithTheSameResultsAndAllocationIsReported() throws Exception {
        Path cancun = SharedData.specimen(19434485L, "specimen-codec-0.36.avro");
        Path london = SharedData.specimen(15892728L, "specimen-codec-0.31.avro");
        CliRun run = CliRun.of("bench", "--no-until-jit-quiet", "--warmup", "1", "--runs", "1", "--workers", "3", "--json",
                cancun.toString(), london.toString());
        assertEquals(0, run.status(), run.out() + run.err());
        for (int i = 0; i < 2; i++) {
            JsonNode o = mapper.readTree(run.lines().get(i));
            // executing a block builds its world and receipts: never nothing
            assertTrue(o.path("allocatedBytes").asLong() > 0, o.toString());
        }
        JsonNode summary = mapper.readTree(run.last());
        assertEquals(3, summary.path("workers").asInt());
        double parallel = summary.path("parallelMgasPerSecond").asDouble();
        assertTrue(parallel > 0, summary.toString());
        assertEquals(parallel / summary.path("aggregateMgasPerSecond").asDouble(),
                summary.path("parallelOverExecuteOnly").asDouble(), 1e-9);
        // Scaling: the median over alternating pairs of a pass on every thread over the same pass on one.
        double one = summary.path("parallelOneThreadMgasPerSecond").asDouble();
        double scaling = summary.path("parallelScaling").asDouble();
        assertTrue(one > 0 && scaling > 0, summary.toString());
        List<Double> pairs = new ArrayList<>();
        summary.path("parallelPairRatios").forEach(r -> pairs.add(r.asDouble()));
        assertEquals(3, pairs.size(), summary.toString());
        pairs.sort(null);
        assertEquals(pairs.get(1), scaling, 1e-12, "the median pair");
        assertTrue(summary.path("allocatedBytesPerBlock").asLong() > 0, summary.toString());
    }

    @Test
    void warmUpRunsExactlyTheRoundsAskedOrUntilTheJitIsQuietWithinTheCap() throws Exception {
        Path file = SharedData.specimen(17090940L, "specimen-codec-0.35.avro");
        CliRun exact = CliRun.of("bench", "--no-until-jit-quiet", "--warmup", "2", "--runs", "1", "--workers", "1",
                "--json", file.toString());
        assertEquals(0, exact.status(), exact.err());
        assertEquals(2, mapper.readTree(exact.last()).path("warmupRounds").asInt(), exact.out());
        CliRun capped = CliRun.of("bench", "--warmup", "1", "--max-warmup", "3", "--runs", "1", "--workers", "1",
                "--json", file.toString());
        assertEquals(0, capped.status(), capped.err());
        int rounds = mapper.readTree(capped.last()).path("warmupRounds").asInt();
        // Five quiet seconds cannot fit in three rounds of a 20 ms block, so the cap ends the warm-up.
        assertEquals(3, rounds, capped.out());
        CliRun refused = CliRun.of("bench", "--warmup", "4", "--max-warmup", "3", file.toString());
        assertEquals(1, refused.status(), refused.out() + refused.err());
        assertTrue(refused.err().contains("--max-warmup >= --warmup"), refused.err());
    }
}
