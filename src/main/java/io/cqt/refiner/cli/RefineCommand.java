package io.cqt.refiner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.BlockExecutor;
import io.cqt.refiner.evm.block.BlockVerifier;
import io.cqt.refiner.evm.block.CanonicalResults;
import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.block.ReferenceFailure;
import io.cqt.refiner.evm.block.Verification;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.logging.SafeText;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.rule.BlockResultRule;
import io.cqt.refiner.rule.Rule;
import io.cqt.refiner.rule.RuleOutput;
import io.cqt.refiner.rule.Rules;
import io.cqt.refiner.rule.TraceRule;
import io.cqt.refiner.rule.TracedRules;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.avro.CodecVersion;
import io.cqt.refiner.specimen.SpecimenReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "refine", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Re-executes specimens (Avro or JSON files, or folders of them) into block results.",
                "Exit status 1 when a specimen fails to execute (or, with --verify, to verify)."})
final class RefineCommand implements Callable<Integer> {
    enum Format { compat, canonical }

    @Parameters(paramLabel = "PATH", arity = "0..*", description = "Specimen files or folders.")
    List<Path> paths = List.of();

    @Option(names = "--rule", paramLabel = "NAME[,NAME...]", description = "The rules to apply (default: "
            + BlockResultRule.NAME + "). Trace rules (call-traces, state-diff) write <block>.<rule>.json with "
            + "--out, <block>-<input SHA-256, 12 digits>.<rule>.json when another input has the same block; "
            + "several rules separated by commas share one execution.")
    String ruleName = BlockResultRule.NAME;

    @Option(names = "--list-rules", description = "List the rules on the class path (name, version, codecs) and exit.")
    boolean listRules;

    @Option(names = "--verify", description = "Fail unless every block verifies against its header "
            + "(a difference at or after a loss the specimen cannot recover counts as explained).")
    boolean verify;

    @Option(names = "--format", paramLabel = "F", description = "compat (the reference evm-server's bytes, the "
            + "default) or canonical (docs/RESULTS.md).")
    Format format = Format.compat;

    @Option(names = "--compat", paramLabel = "PROFILE", description = "The reference evm-server release whose bytes "
            + "compat writes (implies --format compat; default: ${DEFAULT-VALUE}); --list-compat names them.")
    String compat = CompatProfiles.DEFAULT.name();

    @Option(names = "--list-compat", description = "List the compat profiles (release, dates, what each reproduces) "
            + "and exit.")
    boolean listCompat;

    @Option(names = "--out", paramLabel = "DIR", description = "Write each result here, atomically, as "
            + "<block>-<input SHA-256, 12 digits>.result.json (never over a different result).")
    Path out;

    @Option(names = "--json", description = "One JSON line per specimen.")
    boolean json;

    enum ProgressMode { auto, always, never }

    @Option(names = "--workers", paramLabel = "N", description = "Files refined at once, each on its own executor; "
            + "output stays in input order (default: the machine's cores, ${DEFAULT-VALUE}).")
    int workers = Runtime.getRuntime().availableProcessors();

    @Option(names = "--progress", paramLabel = "WHEN", description = "A progress bar on stderr (count, rate, ETA): "
            + "auto (on a terminal, for more than one file; the default), always or never.")
    ProgressMode progress = ProgressMode.auto;

    @Spec
    CommandSpec spec;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Rules rules = Rules.load(Thread.currentThread().getContextClassLoader());
        if (listRules) {
            for (Rule r : rules.all()) {
                stdout.println(r.name() + " " + r.version() + " codecs " + r.codecs().stream().sorted()
                        .map(CodecVersion::label).toList());
            }
            stdout.flush();
            return 0;
        }
        if (listCompat) {
            for (CompatProfile p : CompatProfiles.all()) {
                stdout.println(p.name() + (p == CompatProfiles.DEFAULT ? " (default)" : "") + ": " + p.release()
                        + ", " + p.dates() + "; reproduces " + p.reproduces() + "; layout unverified from "
                        + p.unverifiedFrom().displayName() + " on");
            }
            stdout.flush();
            return 0;
        }
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("refine needs at least one specimen PATH");
        }
        CompatProfile profile = CompatProfiles.named(compat);
        if (spec.commandLine().getParseResult().hasMatchedOption("--compat")) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--format") && format != Format.compat) {
                throw new IllegalArgumentException("--compat selects compat bytes; it cannot go with --format "
                        + format);
            }
            format = Format.compat;
        }
        List<Rule> selected = new ArrayList<>();
        for (String name : ruleName.split(",")) {
            Rule r = rules.named(name.trim());
            if (selected.contains(r)) {
                throw new IllegalArgumentException("--rule names " + r.name() + " twice");
            }
            selected.add(r);
        }
        if (selected.stream().anyMatch(r -> r instanceof TraceRule<?>)) {
            return applyTraceRules(selected, profile, stdout, stderr);
        }
        if (selected.size() > 1) {
            throw new IllegalArgumentException("only trace rules (and " + BlockResultRule.NAME + " beside them) "
                    + "share an execution; run " + selected.stream().map(Rule::name).toList() + " one at a time");
        }
        Rule rule = selected.get(0);
        if (!rule.name().equals(BlockResultRule.NAME)) {
            if (format != Format.compat || verify) {
                throw new IllegalArgumentException("--format and --verify apply to the " + BlockResultRule.NAME
                        + " rule only");
            }
            return applyRule(rule, stdout, stderr);
        }
        if (out != null) {
            Files.createDirectories(out);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1");
        }
        boolean failed = false;
        List<Path> files = specimenFiles(paths);
        ProgressBar bar = progressBar(files.size(), stderr);
        RefineTally tally = new RefineTally(System.nanoTime());
        // Each worker thread has its own executor; output, writes and the tally stay on this thread, in file order.
        // One code cache for all of them and the reference run: each contract is hashed and analysed once.
        CodeCache code = CodeCache.withDefaultBound();
        ThreadLocal<BlockExecutor> executors = ThreadLocal.withInitial(
                () -> new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, true, code));
        ReferenceExecutor reference = new ReferenceExecutor(profile, code);
        ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "refine-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<Refined>> window = new ArrayDeque<>();
            Iterator<Path> next = files.iterator();
            while (next.hasNext() || !window.isEmpty()) {
                // a bounded window: at most two blocks per worker decoded or refined ahead of the output
                while (next.hasNext() && window.size() < 2 * workers) {
                    Path file = next.next();
                    window.add(pool.submit(() -> refineOne(file, executors.get(), reference)));
                }
                Refined refined = window.removeFirst().get();
                failed |= emit(refined, profile, tally, bar, stdout, stderr);
                if (bar != null) {
                    bar.advance();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(OneLineErrors.describe(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        if (bar != null) {
            bar.finish();
        }
        stdout.flush();
        if (files.size() > 1) {
            stderr.println("refiner: " + tally.summary(System.nanoTime()));
            stderr.flush();
        }
        return failed ? 1 : 0;
    }

    /** One file refined on a worker: its result, or the failure that stopped it. */
    private record Refined(Path file, byte[] input, BlockReplica replica, BlockExecution execution, Verification v,
            byte[] bytes, long millis, Exception failure) {
    }

    private Refined refineOne(Path file, BlockExecutor executor, ReferenceExecutor reference) {
        long start = System.nanoTime();
        try {
            byte[] input = Files.readAllBytes(file);
            BlockReplica replica = SpecimenReader.read(input, null).replica();
            BlockExecution execution = executor.execute(replica);
            Verification v = new BlockVerifier().verify(execution, replica.receipts());
            byte[] bytes = format == Format.compat ? reference.bytes(reference.execute(replica, execution))
                    : CanonicalResults.toBytes(execution, v);
            return new Refined(file, input, replica, execution, v, bytes, (System.nanoTime() - start) / 1_000_000,
                    null);
        } catch (RuntimeException | IOException e) {
            return new Refined(file, null, null, null, null, null, 0, e);
        }
    }

    /** Writes and reports one refined file, in input order; true when it counts as a failure. */
    private boolean emit(Refined r, CompatProfile profile, RefineTally tally, ProgressBar bar, PrintWriter stdout,
            PrintWriter stderr) {
        Path file = r.file();
        try {
            if (r.failure() != null) {
                throw r.failure();
            }
            BlockReplica replica = r.replica();
            BlockExecution execution = r.execution();
            Verification v = r.v();
            byte[] bytes = r.bytes();
            Path written = out == null ? null : writeResult(out.resolve(resultName(replica.number(), r.input(),
                    format == Format.compat ? ".result.json" : ".canonical.result.json")), bytes);
            tally.executed(execution.gasUsed(), v);
            if (json) {
                ObjectNode o = line(replica, file, execution, v, bytes, r.millis(), profile);
                if (written != null) {
                    o.put("out", written.toString());
                }
                print(stdout, bar, o.toString());
            } else {
                print(stdout, bar, file + ": block " + replica.number() + ", " + execution.receipts().size() + "/"
                        + replica.transactions().size() + " receipts, gas " + execution.gasUsed() + ", "
                        + (v.verified() ? "verified" : "NOT verified: " + v.firstMismatch())
                        + (v.lossy() == null ? "" : " [lossy: " + v.lossy() + "]") + ", "
                        + ResultHashes.sha256(bytes)
                        + (format == Format.compat ? " (" + profile.name()
                                + (profile.layoutVerifiedFor(execution.fork()) ? ")"
                                : ", layout unverified for " + execution.fork().displayName() + ")") : "")
                        + ", " + r.millis() + " ms"
                        + (written == null ? "" : " -> " + written));
            }
            return verify && !v.acceptable();
        } catch (Exception e) {
            tally.failed();
            String message = e instanceof ReferenceFailure f
                    ? profile.name() + (f.panic() ? " panics on this block: " : " fails on this block: ")
                            + SafeText.line(f.getMessage())
                    : OneLineErrors.about(file, e);
            if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("file", file.toString());
                o.put("error", message);
                if (e instanceof ReferenceFailure f) {
                    o.put("compat", profile.name());
                    o.put("reference", f.panic() ? "panic" : "error");
                }
                print(stdout, bar, o.toString());
            } else {
                print(stderr, bar, "refiner: " + file + ": " + message);
            }
            return true;
        }
    }

    /** A line of output; with a bar on the terminal, the bar is erased first and drawn again below the line. */
    private static void print(PrintWriter to, ProgressBar bar, String line) {
        if (bar != null) {
            bar.clear();
        }
        to.println(line);
        if (bar != null) {
            to.flush();
        }
    }

    /** The bar for this run, or null: without a terminal each file's own line is the progress. */
    private ProgressBar progressBar(int files, PrintWriter stderr) {
        boolean show = switch (progress) {
            case always -> true;
            case never -> false;
            case auto -> files > 1 && ProgressBar.onTerminal();
        };
        if (!show) {
            return null;
        }
        ProgressBar bar = new ProgressBar(stderr, files, System::nanoTime);
        bar.draw();
        return bar;
    }

    /** Applies a rule other than the block result: one line per specimen, {@code <file>.<rule>} with --out. */
    private int applyRule(Rule rule, PrintWriter stdout, PrintWriter stderr) throws IOException {
        boolean failed = false;
        for (Path file : specimenFiles(paths)) {
            try {
                byte[] input = Files.readAllBytes(file);
                Specimen specimen = SpecimenReader.read(input, null);
                if (!rule.accepts(specimen)) {
                    throw new IllegalArgumentException("rule " + rule.name() + " " + rule.version()
                            + " does not read codec " + specimen.codec().label());
                }
                RuleOutput output = rule.transform(specimen);
                Path written = out == null ? null : writeResult(out.resolve(resultName(specimen.replica().number(),
                        input, "." + rule.name())), output.bytes());
                ObjectNode o = mapper.createObjectNode();
                o.put("file", file.toString());
                if (written != null) {
                    o.put("out", written.toString());
                }
                o.put("rule", rule.name());
                o.put("version", rule.version());
                o.put("bytes", output.bytes().length);
                o.put("sha256", ResultHashes.sha256(output.bytes()).toString());
                output.metadata().forEach(o.putObject("metadata")::put);
                stdout.println(json ? o.toString() : file + ": " + rule.name() + " " + rule.version() + ", "
                        + output.bytes().length + " bytes, " + o.path("sha256").asText() + " " + output.metadata()
                        + (written == null ? "" : " -> " + written));
            } catch (RuntimeException | IOException e) {
                failed = true;
                reportFailure(file, e, stdout, stderr);
            }
        }
        stdout.flush();
        return failed ? 1 : 0;
    }

    /**
     * Applies trace rules, and the block result when named beside them, from one execution per specimen: one line
     * per output, each rule's file named by {@link #traceName}.
     */
    private int applyTraceRules(List<Rule> selected, CompatProfile profile, PrintWriter stdout, PrintWriter stderr)
            throws IOException {
        if (format != Format.compat) {
            throw new IllegalArgumentException("--format applies to the " + BlockResultRule.NAME + " rule alone");
        }
        List<TraceRule<?>> traceRules = new ArrayList<>();
        boolean blockResult = false;
        for (Rule r : selected) {
            if (r instanceof TraceRule<?> t) {
                traceRules.add(t);
            } else if (r.name().equals(BlockResultRule.NAME)) {
                blockResult = true;
            } else {
                throw new IllegalArgumentException("rule " + r.name() + " does not trace; it cannot share an "
                        + "execution with " + traceRules.stream().map(Rule::name).toList());
            }
        }
        if (out != null) {
            Files.createDirectories(out);
        }
        BlockExecutor executor = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null);
        ReferenceExecutor reference = blockResult ? new ReferenceExecutor(profile) : null;
        Map<Long, String> firstInput = new HashMap<>();
        boolean failed = false;
        for (Path file : specimenFiles(paths)) {
            try {
                byte[] input = Files.readAllBytes(file);
                String inputHash = ResultHashes.sha256(input).toString();
                Specimen specimen = SpecimenReader.read(input, null);
                for (Rule r : selected) {
                    if (!r.accepts(specimen)) {
                        throw new IllegalArgumentException("rule " + r.name() + " " + r.version()
                                + " does not read codec " + specimen.codec().label());
                    }
                }
                long block = specimen.replica().number();
                boolean shared = !firstInput.computeIfAbsent(block, b -> inputHash).equals(inputHash);
                TracedRules.Result traced = TracedRules.apply(specimen, traceRules, executor);
                Verification v = traced.verification();
                failed |= verify && !v.acceptable();
                if (blockResult) {
                    byte[] bytes = reference.bytes(reference.execute(specimen.replica(), traced.execution()));
                    Path written = out == null ? null
                            : writeResult(out.resolve(resultName(block, input, ".result.json")), bytes);
                    printOutput(stdout, file, BlockResultRule.NAME, selected, bytes, Map.of("block",
                            Long.toString(block), "compat", profile.name()), written);
                }
                for (Map.Entry<String, RuleOutput> e : traced.outputs().entrySet()) {
                    Path written = out == null ? null
                            : writeTrace(block, input, shared, e.getKey(), e.getValue().bytes());
                    printOutput(stdout, file, e.getKey(), selected, e.getValue().bytes(), e.getValue().metadata(),
                            written);
                }
                if (!json && !v.verified()) {
                    stderr.println("refiner: " + file + ": block " + block + " NOT verified: " + v.firstMismatch()
                            + (v.acceptable() ? " (explained by a known loss)" : "")
                            + "; its transactions from there on are marked lossy");
                }
            } catch (RuntimeException | IOException e) {
                failed = true;
                reportFailure(file, e, stdout, stderr);
            }
        }
        stdout.flush();
        stderr.flush();
        return failed ? 1 : 0;
    }

    private void printOutput(PrintWriter stdout, Path file, String name, List<Rule> selected, byte[] bytes,
                             Map<String, String> metadata, Path written) {
        String version = selected.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().version();
        String sha = ResultHashes.sha256(bytes).toString();
        if (json) {
            ObjectNode o = mapper.createObjectNode();
            o.put("file", file.toString());
            if (written != null) {
                o.put("out", written.toString());
            }
            o.put("rule", name);
            o.put("version", version);
            o.put("bytes", bytes.length);
            o.put("sha256", sha);
            metadata.forEach(o.putObject("metadata")::put);
            stdout.println(o);
        } else {
            stdout.println(file + ": " + name + " " + version + ", " + bytes.length + " bytes, " + sha + " "
                    + metadata + (written == null ? "" : " -> " + written));
        }
    }

    /**
     * Writes a trace rule's output as {@code <block>.<rule>.json}; as {@code <block>-<input hash>.<rule>.json} when
     * another input of this run has the same block number, or when the plain name already holds another output (an
     * earlier run over a different input of that block).
     */
    private Path writeTrace(long block, byte[] input, boolean shared, String rule, byte[] bytes) throws IOException {
        Path plain = out.resolve(block + "." + rule + ".json");
        boolean taken = Files.exists(plain) && !Arrays.equals(Files.readAllBytes(plain), bytes);
        return writeResult(shared || taken ? out.resolve(traceName(block, input, rule)) : plain, bytes);
    }

    static String traceName(long block, byte[] input, String rule) {
        return resultName(block, input, "." + rule + ".json");
    }

    private ObjectNode line(BlockReplica replica, Path file, BlockExecution execution, Verification v, byte[] bytes,
                            long millis, CompatProfile profile) {
        ObjectNode o = mapper.createObjectNode();
        o.put("block", replica.number());
        o.put("file", file.toString());
        o.put("transactions", replica.transactions().size());
        o.put("receipts", execution.receipts().size());
        o.put("gasUsed", execution.gasUsed());
        o.put("verified", v.verified());
        ObjectNode root = o.putObject("receiptsRoot");
        root.put("computed", v.computedReceiptsRoot().toString());
        root.put("header", v.headerReceiptsRoot().toString());
        if (v.firstMismatch() == null) {
            o.putNull("firstMismatch");
        } else {
            ObjectNode m = o.putObject("firstMismatch");
            m.put("transaction", v.firstMismatch().transactionIndex());
            m.put("field", v.firstMismatch().field());
            m.put("expected", v.firstMismatch().expected());
            m.put("actual", v.firstMismatch().actual());
        }
        o.put("lossy", v.lossy());
        o.put("format", format.name());
        if (format == Format.compat) {
            o.put("compat", profile.name());
            o.put("layoutVerified", profile.layoutVerifiedFor(execution.fork()));
        }
        o.put("resultSha256", ResultHashes.sha256(bytes).toString());
        o.put("millis", millis);
        return o;
    }

    /** Files as given; folders walked for .avro and .json files, sorted. */
    static List<Path> specimenFiles(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f)
                                    && (f.toString().endsWith(".avro") || f.toString().endsWith(".json"))
                                    && !f.toString().endsWith(".result.json") && !isTraceOutput(f))
                            .sorted().forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** A trace rule's output ({@code <block>[-<hash>].<rule>.json}), never a specimen. */
    private static boolean isTraceOutput(Path f) {
        return f.getFileName().toString().matches("\\d+(-[0-9a-f]{12})?\\.(call-traces|state-diff)\\.json");
    }

    /**
     * {@code <block>-<first 12 hex digits of the input's SHA-256><suffix>}: files of the same name from different
     * folders (every {@code specimen.json}) get different results, and the same input always the same name.
     */
    static String resultName(long block, byte[] input, String suffix) {
        return block + "-" + ResultHashes.sha256(input).toString().substring(2, 14) + suffix;
    }

    /**
     * Writes atomically (a hidden temporary file, then a rename) and never over a different result: the same bytes
     * there already are left as they are, different ones stop this file with a message that says what to do.
     */
    private static Path writeResult(Path target, byte[] bytes) throws IOException {
        if (Files.exists(target)) {
            if (Arrays.equals(Files.readAllBytes(target), bytes)) {
                return target;
            }
            throw new IllegalStateException(target + " already holds a different result (another --format or "
                    + "rule version?): move it away or choose another --out");
        }
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            // No REPLACE_EXISTING: a result another run wrote meanwhile is not replaced either.
            Files.move(temp, target);
        } catch (FileAlreadyExistsException e) {
            if (!Arrays.equals(Files.readAllBytes(target), bytes)) {
                throw new IllegalStateException(target + " was written meanwhile with a different result", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    /** One line per file that could not be refined: a JSON line with --json, else on stderr. */
    private void reportFailure(Path file, Exception e, PrintWriter stdout, PrintWriter stderr) {
        String message = OneLineErrors.about(file, e);
        if (json) {
            ObjectNode o = mapper.createObjectNode();
            o.put("file", file.toString());
            o.put("error", message);
            stdout.println(o);
        } else {
            stderr.println("refiner: " + file + ": " + message);
        }
    }
}
