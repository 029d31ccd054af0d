package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A failure is one line on stderr naming the thing and the problem, each said once. */
class OneLineFailuresTest {
    @TempDir
    Path dir;

    private static String oneLine(CliRun run) {
        assertEquals(1, run.err().lines().count(), run.err());
        String line = run.err().strip();
        assertTrue(line.startsWith("refiner: "), line);
        return line;
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Test
    void aMissingFileSaysSoAndNamesItOnce() {
        Path missing = dir.resolve("no-such-specimen.avro");
        String line = oneLine(CliRun.of("refine", missing.toString()));
        assertEquals(1, occurrences(line, missing.toString()), line);
        assertTrue(line.endsWith(": no such file"), line);
    }

    @Test
    void aBadSpecimenNamesItsFileOnce() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"Header\": {}} trailing");
        CliRun run = CliRun.of("refine", bad.toString());
        assertEquals(1, run.status());
        String line = oneLine(run);
        assertEquals(1, occurrences(line, bad.getFileName().toString()), line);
        assertTrue(line.contains("trailing data"), line);
    }

    @ParameterizedTest
    @CsvSource({"serve-evm,--port,99999", "pinner,--port,-2", "serve-evm,--port,http", "run,--cluster-port,70000"})
    void aBadPortIsAUsageErrorNamingTheOptionAndTheRange(String command, String option, String value) {
        CliRun run = CliRun.of(command, option, value);
        assertEquals(2, run.status());
        String line = oneLine(run);
        assertTrue(line.contains(option) && line.contains(value) && line.contains("0 to 65535"), line);
        assertTrue(line.contains("refiner " + command + " --help"), line);
        assertFalse(line.contains("port p"), line);
    }

    @Test
    void anUnknownOptionIsOneLineNotTheWholeUsage() {
        CliRun run = CliRun.of("refine", "--no-such-option");
        assertEquals(2, run.status());
        assertTrue(oneLine(run).contains("'--no-such-option'"));
    }
}
