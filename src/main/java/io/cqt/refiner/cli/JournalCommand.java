package io.cqt.refiner.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.JournalException;
import io.cqt.refiner.journal.JournalInUseException;
import io.cqt.refiner.journal.JournalRebuild;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.types.Hash;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code refiner journal list|retry|rebuild|bench}: inspect the work items of the pipeline's journal, re-queue failed
 * ones, rebuild its MapDB file from its log, time a journal on this disk.
 */
@Command(name = "journal",
        mixinStandardHelpOptions = true,
        description = "Inspect and re-queue work items in the journal.",
        subcommands = {JournalCommand.ListItems.class, JournalCommand.Retry.class, JournalCommand.Rebuild.class,
                JournalCommand.Bench.class, HelpCommand.class})
final class JournalCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both subcommands share. */
    static final class DataOption {
        @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
                description = "The data directory holding " + Journal.FILE_NAME + " (default: ${DEFAULT-VALUE}).")
        Path data;

        /** Opens an existing journal only: inspecting a wrong directory must not create an empty journal there. */
        Journal open() {
            return Journal.open(existing());
        }

        Path existing() {
            Path file = data.resolve(Journal.FILE_NAME);
            if (!Journal.exists(file)) {
                throw new JournalException("no journal at " + file + " (use --data DIR)");
            }
            return file;
        }
    }

    static final class StateConverter implements ITypeConverter<WorkState> {
        @Override
        public WorkState convert(String value) {
            return WorkState.parse(value);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List work items, all or those in one state, lowest block first.",
                    "While a refiner runs (it holds the journal's lock) the list is read from the journal's log "
                            + "without the lock: a snapshot of that moment, marked as such (on stderr with --json)."})
    static final class ListItems implements Runnable {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        DataOption dataOption = new DataOption();

        @Option(names = "--status", paramLabel = "S", converter = StateConverter.class,
                description = "Only items in this state: discover, fetched, executed, pinned, proving, commit, "
                        + "skip or abort.")
        WorkState status;

        @Option(names = "--json", description = "One JSON object per item and line.")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Path file = dataOption.existing();
            Journal.Snapshot contents;
            String snapshotNote = null;
            try (Journal journal = Journal.open(file)) {
                contents = new Journal.Snapshot(journal.all(), journal.lowestUnfinishedHeight(),
                        journal.highestCommittedHeight());
            } catch (JournalInUseException e) {
                // A running refiner holds the lock: read its log instead, which it only ever appends to.
                contents = Journal.snapshot(file);
                snapshotNote = "snapshot of the journal's log at " + java.time.Instant.now().truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS) + ": the journal is in use (a refiner is running) "
                        + "and goes on changing";
            }
            List<WorkItem> items = contents.items().stream()
                    .filter(item -> status == null || item.state() == status)
                    .sorted(Comparator.comparingLong(WorkItem::blockHeight).thenComparing(WorkItem::key))
                    .toList();
            if (json) {
                if (snapshotNote != null) {
                    spec.commandLine().getErr().println("journal list: " + snapshotNote);
                    spec.commandLine().getErr().flush();
                }
                printJson(items, out);
            } else {
                if (snapshotNote != null) {
                    out.println(snapshotNote);
                }
                printTable(items, out);
                printHeights(contents.lowestUnfinishedHeight(), contents.highestCommittedHeight(), out);
            }
            out.flush();
        }

        private void printTable(List<WorkItem> items, PrintWriter out) {
            if (items.isEmpty()) {
                out.println(status == null ? "no work items" : "no work items in state " + status.label());
                return;
            }
            int keyWidth = Math.max(3, items.stream().mapToInt(item -> item.key().length()).max().orElse(0));
            String format = "%-" + keyWidth + "s  %-8s  %10s  %-5s  %8s  %-20s  %s%n";
            out.printf(format, "KEY", "STATE", "BLOCK", "LOSSY", "ATTEMPTS", "UPDATED", "REASON");
            for (WorkItem item : items) {
                // A directory-mode item's block is known once it is executed; before, "-".
                out.printf(format, item.key(), item.state().label(),
                        item.blockHeight() < 0 ? "-" : Long.toString(item.blockHeight()),
                        item.lossy() != null ? "yes" : "", item.attempts(),
                        item.updatedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                        item.reason() == null ? "" : item.reason());
            }
            out.println(items.size() + (items.size() == 1 ? " work item" : " work items"));
        }

        private static void printHeights(OptionalLong unfinished, OptionalLong committed, PrintWriter out) {
            out.println("proof-chain heights: highest committed "
                    + (committed.isPresent() ? committed.getAsLong() : "none") + ", lowest unfinished "
                    + (unfinished.isPresent() ? unfinished.getAsLong() : "none"));
        }

        private static void printJson(List<WorkItem> items, PrintWriter out) {
            try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                // One object per line: the root separator is a newline, and objects stay compact.
                json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
                for (WorkItem item : items) {
                    json.writeStartObject();
                    json.writeStringField("key", item.key());
                    json.writeNumberField("blockHeight", item.blockHeight());
                    writeHash(json, "specimenHash", item.specimenHash());
                    json.writeStringField("specimenUrl", item.specimenUrl());
                    json.writeStringField("state", item.state().label());
                    json.writeStringField("reason", item.reason());
                    json.writeNumberField("attempts", item.attempts());
                    writeHash(json, "resultHash", item.resultHash());
                    json.writeStringField("resultCid", item.resultCid());
                    writeHash(json, "proofTxHash", item.proofTxHash());
                    json.writeStringField("lossy", item.lossy());
                    json.writeStringField("compatProfile", item.compatProfile());
                    json.writeObjectFieldStart("outputs");
                    for (java.util.Map.Entry<String, String> output : item.outputs().entrySet()) {
                        json.writeStringField(output.getKey(), output.getValue());
                    }
                    json.writeEndObject();
                    json.writeStringField("createdAt", item.createdAt().toString());
                    json.writeStringField("updatedAt", item.updatedAt().toString());
                    json.writeEndObject();
                }
                json.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!items.isEmpty()) {
                out.println();
            }
        }

        private static void writeHash(JsonGenerator json, String name, Hash hash) throws IOException {
            json.writeStringField(name, hash == null ? null : hash.toHex());
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Send aborted (or skipped) items back to the start; the pipeline picks them up when it "
                    + "next starts.")
    static final class Retry implements Runnable {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        DataOption dataOption = new DataOption();

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Parameters(paramLabel = "KEY", description = "The work item's key.")
            String key;

            @Option(names = "--status", paramLabel = "S", converter = StateConverter.class,
                    description = "Every item in this state: abort or skip.")
            WorkState status;
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (Journal journal = dataOption.open()) {
                List<WorkItem> retried = target.key != null
                        ? List.of(journal.retry(target.key))
                        : journal.retryAll(target.status);
                for (WorkItem item : retried) {
                    out.println("re-queued " + item.key());
                }
                out.println(retried.size() + (retried.size() == 1 ? " work item" : " work items") + " re-queued");
            }
            out.flush();
        }
    }

    @Command(name = "rebuild", mixinStandardHelpOptions = true,
            description = "Rebuild the journal's MapDB file from its log (the refiner does this by itself after a "
                    + "stop that was not clean). Stop the refiner first.")
    static final class Rebuild implements Runnable {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        DataOption dataOption = new DataOption();

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            JournalRebuild.Summary summary = Journal.rebuild(dataOption.existing());
            out.printf("rebuilt %s: %d work items, %d started proof-chain heights, in %d ms%s%n",
                    dataOption.existing(), summary.items(), summary.startedHeights(), summary.nanos() / 1_000_000,
                    summary.droppedBytes() == 0 ? "" : "; a torn last record of " + summary.droppedBytes()
                            + " bytes was cut off the log");
            out.flush();
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Times a new journal on this disk: --items work items through the pipeline's steps (each "
                    + "step synced before the next), then a rebuild of its MapDB file from the log, then an open. "
                    + "The journal is written under --dir and deleted afterwards.")
    static final class Bench implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(names = "--items", paramLabel = "N", defaultValue = "20000",
                description = "Work items to write (default: ${DEFAULT-VALUE}).")
        int items;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "Where to write the journal (default: the system's temporary directory).")
        Path dir;

        @Override
        public void run() {
            if (items < 1) {
                throw new IllegalArgumentException("--items must be at least 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            Path work;
            try {
                work = dir == null ? Files.createTempDirectory("refiner-journal-bench")
                        : Files.createTempDirectory(Files.createDirectories(dir), "refiner-journal-bench");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Path file = work.resolve(Journal.FILE_NAME);
            try {
                long[] stepNanos = new long[items * 8];
                int steps = 0;
                long started = System.nanoTime();
                try (Journal journal = Journal.open(file)) {
                    Hash hash = Hash.fromHex("0x" + "5e".repeat(32));
                    for (long height = 1; height <= items; height++) {
                        String key = "1_" + height + "_0x" + "ab".repeat(32) + "_0x" + "cd".repeat(32);
                        long t0 = System.nanoTime();
                        journal.startHeight(height);
                        long t1 = System.nanoTime();
                        journal.discover(key, height, hash, "ipfs://bafkreispecimen" + height);
                        long t2 = System.nanoTime();
                        journal.fetched(key, "ipfs://bafkreispecimen" + height);
                        long t3 = System.nanoTime();
                        journal.executed(key, hash);
                        long t4 = System.nanoTime();
                        journal.pinned(key, "bafkreiresult" + height);
                        long t5 = System.nanoTime();
                        journal.proving(key, hash);
                        long t6 = System.nanoTime();
                        journal.committed(key);
                        long t7 = System.nanoTime();
                        journal.commitHeight(height);
                        long t8 = System.nanoTime();
                        long[] marks = {t0, t1, t2, t3, t4, t5, t6, t7, t8};
                        for (int i = 1; i < marks.length; i++) {
                            stepNanos[steps++] = marks[i] - marks[i - 1];
                        }
                    }
                }
                double writeSeconds = (System.nanoTime() - started) / 1e9;
                long[] sorted = Arrays.copyOf(stepNanos, steps);
                Arrays.sort(sorted);
                out.printf(Locale.ROOT, "write: %d items, %d synced steps in %.1f s: %.0f steps/s, step median %.2f ms, "
                        + "p99 %.2f ms%n", items, steps, writeSeconds, steps / writeSeconds,
                        sorted[steps / 2] / 1e6, sorted[Math.min(steps - 1, steps * 99 / 100)] / 1e6);
                JournalRebuild.Summary rebuilt = Journal.rebuild(file);
                out.printf(Locale.ROOT, "rebuild from the log: %d items in %d ms%n", rebuilt.items(),
                        rebuilt.nanos() / 1_000_000);
                long opening = System.nanoTime();
                try (Journal journal = Journal.open(file)) {
                    out.printf(Locale.ROOT, "open after a clean stop: %d ms (%d items)%n",
                            (System.nanoTime() - opening) / 1_000_000, journal.countByState().get(WorkState.COMMITTED));
                }
            } finally {
                deleteTree(work);
            }
            out.flush();
        }

        private static void deleteTree(Path root) {
            try (var paths = Files.walk(root)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is not worth failing the benchmark for
            }
        }
    }
}
