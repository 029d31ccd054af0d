package io.cqt.refiner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench",
        description = {"Measures block execution speed: each specimen is decoded once, executed --warmup times "
                + "untimed, then --runs times timed; reports gas used / median execution time in Mgas/s, and the "
                + "median over all specimens.",
                "Exit status 1 when a specimen cannot be read or executed."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Specimen files or folders.")
    List<Path> paths;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs per specimen first (default 3).")
    int warmup = 3;

    @Option(names = "--runs", paramLabel = "N", description = "Timed runs per specimen (default 5).")
    int runs = 5;

    @Option(names = "--json", description = "One JSON line per specimen, then a summary line.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        if (warmup < 0 || runs < 1) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --runs >= 1");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        BlockExecutor executor = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null);
        List<Double> rates = new ArrayList<>();
        boolean failed = false;
        for (Path file : RefineCommand.specimenFiles(paths)) {
            try {
                BlockReplica replica = SpecimenReader.read(file).replica();
                long gasUsed = 0;
                for (int i = 0; i < warmup; i++) {
                    gasUsed = executor.execute(replica).gasUsed();
                }
                long[] nanos = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    gasUsed = executor.execute(replica).gasUsed();
                    nanos[i] = System.nanoTime() - start;
                }
                double seconds = median(nanos) / 1e9;
                double mgasPerSecond = gasUsed / seconds / 1e6;
                rates.add(mgasPerSecond);
                if (json) {
                    ObjectNode o = mapper.createObjectNode();
                    o.put("file", file.toString());
                    o.put("block", replica.number());
                    o.put("transactions", replica.transactions().size());
                    o.put("gasUsed", gasUsed);
                    o.put("runs", runs);
                    o.put("medianSeconds", seconds);
                    o.put("mgasPerSecond", mgasPerSecond);
                    stdout.println(o);
                } else {
                    stdout.printf(Locale.ROOT, "%s: block %d, gas %d, %.3f ms, %.1f Mgas/s%n", file,
                            replica.number(), gasUsed, seconds * 1e3, mgasPerSecond);
                }
            } catch (RuntimeException | IOException e) {
                failed = true;
                stderr.println("refiner: " + file + ": " + OneLineErrors.describe(e));
            }
        }
        double overall = medianOf(rates);
        if (json) {
            ObjectNode summary = mapper.createObjectNode();
            summary.put("specimens", rates.size());
            summary.put("medianMgasPerSecond", overall);
            stdout.println(summary);
        } else {
            stdout.printf(Locale.ROOT, "median over %d specimens: %.1f Mgas/s (%d warm-up, %d timed runs each)%n",
                    rates.size(), overall, warmup, runs);
        }
        stdout.flush();
        return failed ? 1 : 0;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static double medianOf(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
