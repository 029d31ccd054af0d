package io.cqt.refiner.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.cqt.refiner.journal.Journal;
import io.cqt.refiner.journal.JournalException;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.types.Hash;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code refiner journal list|retry}: inspect the work items of the pipeline's journal and re-queue failed ones. */
@Command(name = "journal",
        mixinStandardHelpOptions = true,
        description = "Inspect and re-queue work items in the journal.",
        subcommands = {JournalCommand.ListItems.class, JournalCommand.Retry.class})
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
            Path file = data.resolve(Journal.FILE_NAME);
            if (!Files.exists(file)) {
                throw new JournalException("no journal at " + file + " (use --data DIR)");
            }
            return Journal.open(file);
        }
    }

    static final class StateConverter implements ITypeConverter<WorkState> {
        @Override
        public WorkState convert(String value) {
            return WorkState.parse(value);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List work items, all or those in one state, lowest block first.")
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
            try (Journal journal = dataOption.open()) {
                List<WorkItem> items = (status == null ? journal.all() : journal.inState(status)).stream()
                        .sorted(Comparator.comparingLong(WorkItem::blockHeight).thenComparing(WorkItem::key))
                        .toList();
                if (json) {
                    printJson(items, out);
                } else {
                    printTable(items, out);
                    printHeights(journal.lowestUnfinishedHeight(), journal.highestCommittedHeight(), out);
                }
            }
            out.flush();
        }

        private void printTable(List<WorkItem> items, PrintWriter out) {
            if (items.isEmpty()) {
                out.println(status == null ? "no work items" : "no work items in state " + status.label());
                return;
            }
            int keyWidth = Math.max(3, items.stream().mapToInt(item -> item.key().length()).max().orElse(0));
            String format = "%-" + keyWidth + "s  %-8s  %10s  %8s  %-20s  %s%n";
            out.printf(format, "KEY", "STATE", "BLOCK", "ATTEMPTS", "UPDATED", "REASON");
            for (WorkItem item : items) {
                out.printf(format, item.key(), item.state().label(), item.blockHeight(), item.attempts(),
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
}
