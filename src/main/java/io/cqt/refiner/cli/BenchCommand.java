package io.cqt.refiner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.block.BlockVerifier;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.pipeline.ExecuteStage;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Measures block execution speed: every specimen is decoded once and executed --warmup times "
                + "untimed (round all of them, so the JIT has compiled what each needs), then each is executed --runs "
                + "times timed and its result checked against the header and the producer's receipts; reports gas "
                + "used / median execution time in Mgas/s, whether the block verified, and the median over all "
                + "specimens. Each block's pre-state (its world) is built from the specimen once, in the first "
                + "warm-up run, and not again in the timed runs, as the native peer loads its state before timing.",
                "Then --workers threads execute the specimens at once (sharing the warmed executor) and the aggregate "
                        + "throughput is reported beside one worker's, with the scaling factor; each result is "
                        + "checked against the single-threaded one. Allocation per block is measured with the JVM's "
                        + "per-thread allocation counter (ThreadMXBean).",
                "With --pipeline, the same specimens then go through the directory-mode pipeline (decode, execute, "
                        + "verify, store, write the result; `refiner run --inbox --outbox` in this process) in "
                        + "rounds, and both throughputs are reported as total gas over time, with their ratio. Then "
                        + "the execute stage's own work (each block's world built, run, checked, run again as the "
                        + "reference release where its bytes need it, and written) on as many threads without the "
                        + "pipeline, so that what the pipeline adds can be told from what the stage must do.",
                "Exit status 1 when a specimen cannot be read or executed."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Specimen files or folders.")
    List<Path> paths;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs of every specimen first (default 3).")
    int warmup = 3;

    @Option(names = "--until-jit-quiet", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "After --warmup rounds, go on warming up until the JIT compiler has finished no compilation "
                    + "for 5 s (at most --max-warmup rounds), so the timed runs measure compiled code rather than the "
                    + "compiler sharing the core (default on; --no-until-jit-quiet runs exactly --warmup rounds).")
    boolean untilJitQuiet = true;

    @Option(names = "--max-warmup", paramLabel = "N",
            description = "The most warm-up rounds --until-jit-quiet may run (default ${DEFAULT-VALUE}).")
    int maxWarmup = 300;

    @Option(names = "--runs", paramLabel = "N", description = "Timed runs per specimen (default 5).")
    int runs = 5;

    @Option(names = "--json", description = "One JSON line per specimen, then a summary line.")
    boolean json;

    @Option(names = "--compat", paramLabel = "PROFILE", description = "With --pipeline: the reference release whose "
            + "bytes the pipeline writes (default: ${DEFAULT-VALUE}; evm-server-1.3 cannot process codec-0.36 blob "
            + "transactions, so a folder with 19434485 needs evm-server-1.2).")
    String compat = CompatProfiles.DEFAULT.name();

    @Option(names = "--pipeline", description = "Also time the directory-mode pipeline over the same specimens.")
    boolean pipeline;

    @Option(names = "--workers", paramLabel = "N", description = "Blocks executed at once in the parallel phase and, "
            + "with --pipeline, in the pipeline (default: the machine's cores, ${DEFAULT-VALUE}); 1 skips the "
            + "parallel phase.")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--copies", paramLabel = "N",
            description = "With --pipeline: copies of each specimen per round (default 4), so that filling and "
                    + "draining the pipeline weigh on a round as little as in a long run.")
    int copies = 4;

    @Spec
    CommandSpec spec;

    private final ObjectMapper mapper = new ObjectMapper();
    private int warmupRounds;

    @Override
    public Integer call() throws IOException {
        long commandStart = System.nanoTime();
        if (warmup < 0 || runs < 1 || workers < 1 || maxWarmup < warmup) {
            throw new IllegalArgumentException(
                    "--warmup must be >= 0, --max-warmup >= --warmup, --runs >= 1 and --workers >= 1");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BlockExecutor executor = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null).reusingWorlds();
        List<Double> rates = new ArrayList<>();
        List<Path> measured = new ArrayList<>();
        List<BlockReplica> replicas = new ArrayList<>();
        List<Specimen> measuredSpecimens = new ArrayList<>();
        List<Long> gasPerReplica = new ArrayList<>();
        List<Long> allocations = new ArrayList<>();
        long totalGas = 0;
        double totalSeconds = 0;
        boolean failed = false;
        // Every file is decoded first and the warm-up runs go round all of them before any file is timed, so no
        // file's timing shares the core with the JIT compiling what a later file needs.
        List<Path> decodedFiles = new ArrayList<>();
        List<Specimen> specimens = new ArrayList<>();
        List<BlockReplica> decoded = new ArrayList<>();
        for (Path file : RefineCommand.specimenFiles(paths)) {
            try {
                Specimen specimen = SpecimenReader.read(file);
                specimens.add(specimen);
                decoded.add(specimen.replica());
                decodedFiles.add(file);
            } catch (RuntimeException | IOException e) {
                failed = true;
                stderr.println("refiner: " + file + ": " + OneLineErrors.describe(e));
            }
        }
        boolean[] broken = new boolean[decoded.size()];
        WarmUp warm = new WarmUp(warmup, maxWarmup, untilJitQuiet);
        while (warm.another()) {
            for (int k = 0; k < decoded.size(); k++) {
                if (!broken[k]) {
                    try {
                        BlockExecution execution = executor.execute(decoded.get(k));
                        // Verified here too, so the JIT has seen every path the timed phase takes (hashing
                        // receipts tries, say) before it starts; a path first met there would be recompiled under it.
                        new BlockVerifier().verify(execution, decoded.get(k).receipts());
                    } catch (RuntimeException e) {
                        broken[k] = true;
                        failed = true;
                        stderr.println("refiner: " + decodedFiles.get(k) + ": " + OneLineErrors.describe(e));
                    }
                }
            }
            warm.roundDone();
        }
        warmupRounds = warm.rounds();
        for (int k = 0; k < decoded.size(); k++) {
            if (broken[k]) {
                continue;
            }
            Path file = decodedFiles.get(k);
            BlockReplica replica = decoded.get(k);
            try {
                BlockExecution execution = null;
                long[] nanos = new long[runs];
                long[] allocated = new long[runs];
                long timedFrom = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    long bytesBefore = Allocation.ofCurrentThread();
                    long start = System.nanoTime();
                    execution = executor.execute(replica);
                    nanos[i] = System.nanoTime() - start;
                    allocated[i] = Allocation.ofCurrentThread() - bytesBefore;
                }
                long gasUsed = execution.gasUsed();
                // Checked against the header and the producer's receipts after the timing, as the peer does.
                boolean verified = new BlockVerifier().verify(execution, replica.receipts()).verified();
                double seconds = median(nanos) / 1e9;
                double mgasPerSecond = gasUsed / seconds / 1e6;
                long allocatedBytes = (long) median(allocated);
                rates.add(mgasPerSecond);
                measured.add(file);
                replicas.add(replica);
                measuredSpecimens.add(specimens.get(k));
                gasPerReplica.add(gasUsed);
                allocations.add(allocatedBytes);
                totalGas += gasUsed;
                totalSeconds += seconds;
                if (json) {
                    ObjectNode o = mapper.createObjectNode();
                    o.put("file", file.toString());
                    o.put("block", replica.number());
                    o.put("transactions", replica.transactions().size());
                    o.put("gasUsed", gasUsed);
                    o.put("verified", verified);
                    o.put("runs", runs);
                    o.put("medianSeconds", seconds);
                    o.put("mgasPerSecond", mgasPerSecond);
                    o.put("allocatedBytes", allocatedBytes);
                    // when its runs began: this machine has spells of minutes at about 0.6x its speed, and the
                    // time lets a long run's lines be read as a timeline
                    o.put("timedAtSeconds", (timedFrom - commandStart) / 1e9);
                    stdout.println(o);
                } else {
                    stdout.printf(Locale.ROOT, "%s: block %d, gas %d, %s, %.3f ms, %.1f Mgas/s, %.1f MB allocated%n",
                            file, replica.number(), gasUsed, verified ? "verified" : "NOT verified", seconds * 1e3,
                            mgasPerSecond, allocatedBytes / 1e6);
                }
            } catch (RuntimeException e) {
                failed = true;
                stderr.println("refiner: " + file + ": " + OneLineErrors.describe(e));
            }
        }
        double overall = medianOf(rates);
        double aggregate = totalSeconds > 0 ? totalGas / totalSeconds / 1e6 : 0;
        ParallelBench.Result parallel = null;
        if (workers > 1 && !replicas.isEmpty()) {
            parallel = ParallelBench.execution(replicas, gasPerReplica, executor).run(workers, runs);
            if (!parallel.mismatches().isEmpty()) {
                failed = true;
                parallel.mismatches().forEach(m -> stderr.println("refiner: parallel run: " + m));
            }
        }
        long allocatedTotal = allocations.stream().mapToLong(Long::longValue).sum();
        double pipedSeconds = 0;
        PipelineBench piped = null;
        // The execute stage's own work at the same number of workers, a pass after each round of the pipeline: what
        // the pipeline adds beyond the work the stage must do, in pairs taken seconds apart.
        double stageWork = 0;
        double pipelineShareOfStage = 0;
        List<Double> pairShares = List.of();
        if (pipeline && !measured.isEmpty()) {
            piped = new PipelineBench(measured, workers, copies, CompatProfiles.named(compat));
            List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
            ParallelBench stage = null;
            try {
                stage = ParallelBench.executeStage(measuredSpecimens,
                        new ExecuteStage(true, CompatProfiles.named(compat), CodeCache.withDefaultBound()));
            } catch (RuntimeException e) {
                mismatches.add("the execute stage alone: " + OneLineErrors.describe(e));
            }
            ParallelBench stageAlone = stage;
            pipedSeconds = piped.medianRoundSeconds(new WarmUp(warmup, maxWarmup, untilJitQuiet), runs,
                    stageAlone == null ? null : () -> stageAlone.pass(workers, copies, mismatches));
            if (!piped.besideRounds().isEmpty()) {
                stageWork = medianOf(piped.besideRounds());
                pairShares = piped.sharesOfBeside(totalGas);
                pipelineShareOfStage = medianOf(pairShares);
            }
            if (!mismatches.isEmpty()) {
                failed = true;
                mismatches.forEach(m -> stderr.println("refiner: " + m));
            }
        }
        // The pipeline against execution alone at the same number of workers.
        double executeOnly = parallel != null ? parallel.mgasPerSecond() : aggregate;
        if (json) {
            ObjectNode summary = mapper.createObjectNode();
            summary.put("specimens", rates.size());
            summary.put("medianMgasPerSecond", overall);
            summary.put("warmupRounds", warmupRounds);
            summary.put("aggregateMgasPerSecond", aggregate);
            summary.put("allocatedBytesPerBlock", replicas.isEmpty() ? 0 : allocatedTotal / replicas.size());
            summary.put("allocatedBytesPerMgas", totalGas == 0 ? 0 : allocatedTotal * 1e6 / totalGas);
            if (parallel != null) {
                summary.put("workers", workers);
                summary.put("parallelMgasPerSecond", parallel.mgasPerSecond());
                summary.put("parallelOneThreadMgasPerSecond", parallel.oneThreadMgasPerSecond());
                summary.put("parallelScaling", parallel.scaling());
                parallel.pairRatios().forEach(summary.putArray("parallelPairRatios")::add);
                summary.put("parallelOverExecuteOnly", parallel.mgasPerSecond() / aggregate);
            }
            if (pipedSeconds > 0) {
                summary.put("pipelineWorkers", workers);
                summary.put("pipelineCopies", copies);
                summary.put("pipelineSecondsPerPass", pipedSeconds);
                summary.put("pipelineMgasPerSecond", totalGas / pipedSeconds / 1e6);
                summary.put("pipelineWarmupRounds", piped.warmupRounds());
                summary.put("pipelineShareOfExecuteOnly", totalGas / pipedSeconds / 1e6 / executeOnly);
                PipelineBench.StageShares stage = piped.stageShares();
                summary.put("pipelineExecuteStageBusy", stage.busy());
                summary.put("pipelineExecuteRunShare", stage.run());
                summary.put("pipelineExecuteReferenceShare", stage.reference());
                summary.put("pipelineExecuteBytesShare", stage.bytes());
                if (stageWork > 0) {
                    summary.put("executeStageMgasPerSecond", stageWork);
                    summary.put("pipelineShareOfExecuteStage", pipelineShareOfStage);
                    pairShares.forEach(summary.putArray("pipelinePairSharesOfExecuteStage")::add);
                }
            }
            stdout.println(summary);
        } else {
            stdout.printf(Locale.ROOT, "median over %d specimens: %.1f Mgas/s (%d warm-up, %d timed runs each)%n",
                    rates.size(), overall, warmupRounds, runs);
            stdout.printf(Locale.ROOT, "execute only: %.1f Mgas/s (total gas %d over the sum of the medians); "
                    + "%.1f MB allocated per block%n", aggregate, totalGas,
                    replicas.isEmpty() ? 0 : allocatedTotal / 1e6 / replicas.size());
            if (parallel != null) {
                StringBuilder pairs = new StringBuilder();
                parallel.pairRatios().forEach(r -> pairs.append(pairs.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%.2f", r)));
                stdout.printf(Locale.ROOT, "parallel, %d workers: %.1f Mgas/s; the same passes on one thread: %.1f "
                                + "Mgas/s; scaling %.2fx (median of alternating pairs %s), %.2fx execute only%n",
                        workers, parallel.mgasPerSecond(), parallel.oneThreadMgasPerSecond(), parallel.scaling(),
                        pairs, parallel.mgasPerSecond() / aggregate);
            }
            if (pipedSeconds > 0) {
                double pipedRate = totalGas / pipedSeconds / 1e6;
                stdout.printf(Locale.ROOT, "directory pipeline (%d worker%s): %.1f Mgas/s, median %.3f s per pass "
                                + "over the %d files (%d per round, %d warm-up rounds); %.0f %% of execute only with "
                                + "as many workers%n", workers, workers == 1 ? "" : "s", pipedRate, pipedSeconds,
                        measured.size(), copies, piped.warmupRounds(), 100 * pipedRate / executeOnly);
                PipelineBench.StageShares stage = piped.stageShares();
                stdout.printf(Locale.ROOT, "  its execute stage: busy %.0f %% of the time per worker; of that, the "
                                + "verified run %.0f %%, the %s run where it differs %.0f %%, the result's bytes %.0f %%%n",
                        100 * stage.busy(), 100 * stage.run(), compat, 100 * stage.reference(), 100 * stage.bytes());
                if (stageWork > 0) {
                    stdout.printf(Locale.ROOT, "  the execute stage's work alone (the same calls on %d thread%s, the "
                                    + "files in turn, no pipeline; a pass after each round): %.1f Mgas/s; the pipeline "
                                    + "is %.0f %% of it (median of the pairs %s)%n",
                            workers, workers == 1 ? "" : "s", stageWork, 100 * pipelineShareOfStage, percents(pairShares));
                }
            }
        }
        stdout.flush();
        return failed ? 1 : 0;
    }

    private static String percents(List<Double> shares) {
        StringBuilder out = new StringBuilder();
        shares.forEach(share -> out.append(out.isEmpty() ? "" : ", ").append(Math.round(100 * share)));
        return out.toString();
    }

    static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    static double medianOf(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
