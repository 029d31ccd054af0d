package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.journal.Journal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@code refiner run}: its options, and that it and {@code refiner journal} look at the same journal. */
class RunCommandTest {
    @TempDir
    Path dir;

    private static OptionSpec dataOption(String... command) {
        CommandLine line = Main.newCommandLine();
        for (String name : command) {
            line = line.getSubcommands().get(name);
        }
        return line.getCommandSpec().findOption("--data");
    }

    @Test
    void runAndJournalDefaultToTheSameDataDirectory() {
        OptionSpec run = dataOption("run");
        assertEquals(dataOption("journal", "list").defaultValue(), run.defaultValue());
        assertEquals(dataOption("journal", "retry").defaultValue(), run.defaultValue());
    }

    @Test
    void withoutAnInboxRunFailsWithOneLine() {
        CliRun result = CliRun.of("run", "--outbox", dir.resolve("out").toString());
        assertNotEquals(0, result.status());
        assertTrue(result.err().contains("--inbox"), result.err());
    }

    @Test
    void aJournalRunCannotOpenIsReportedInOneLine() throws Exception {
        // The journal is held by another user (as when `refiner run` already runs on this data directory).
        try (Journal held = Journal.open(dir.resolve("data").resolve(Journal.FILE_NAME))) {
            CliRun result = CliRun.of("run", "--inbox", dir.resolve("in").toString(), "--outbox",
                    dir.resolve("out").toString(), "--data", dir.resolve("data").toString());
            assertNotEquals(0, result.status());
            assertTrue(result.err().contains("in use"), result.err());
            assertEquals(1, result.err().strip().lines().count(), result.err());
        }
    }
}
