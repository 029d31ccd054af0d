package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.json.ReplicaJsonWriter;
import io.cqt.refiner.testdata.SyntheticSpecimen;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code refine --out}: distinct inputs never share a result file, none is overwritten, each line says where. */
class RefineOutTest {
    private static final Pattern WENT = Pattern.compile(" -> (\\S+)$");
    private static final Pattern GAS = Pattern.compile(", gas (\\d+), ");
    private static final Pattern SUMMARY = Pattern.compile("^refiner: (\\d+) specimens in [0-9.]+ s: (\\d+) verified, "
            + "(\\d+) lossy, (\\d+) not verified, (\\d+) failed; (\\d+) gas, [0-9.]+ Mgas/s$");

    @TempDir
    Path dir;

    private Path first;
    private Path second;
    private Path out;

    /** The same block as Avro and as JSON, both named specimen.avro, in two folders: as from two producers. */
    @BeforeEach
    void twoSpecimensOfTheSameName() throws IOException {
        byte[] avro = SyntheticSpecimen.avro();
        Specimen specimen = SpecimenReader.read(avro, null);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        new ReplicaJsonWriter(false).write(specimen.replica(), null, json);
        first = Files.write(Files.createDirectories(dir.resolve("a")).resolve("specimen.avro"), avro);
        second = Files.write(Files.createDirectories(dir.resolve("b")).resolve("specimen.avro"), json.toByteArray());
        out = dir.resolve("out");
    }

    static Path onlyFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    private static List<Path> went(CliRun run) {
        return run.lines().stream().map(WENT::matcher).filter(Matcher::find).map(m -> Path.of(m.group(1))).toList();
    }

    @Test
    void filesOfTheSameNameGetResultsOfTheirOwnAndEachLineSaysWhere() throws IOException {
        CliRun run = CliRun.of("refine", "--out", out.toString(), first.toString(), second.toString());
        assertEquals(0, run.status(), run.err());
        List<Path> went = went(run);
        assertEquals(2, went.size(), run.out());
        assertNotEquals(went.get(0), went.get(1));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(went.stream().sorted().toList(), files.sorted().toList());
        }
        // the same run again finds the same bytes there and leaves them
        CliRun again = CliRun.of("refine", "--out", out.toString(), first.toString(), second.toString());
        assertEquals(0, again.status(), again.err());
        assertEquals(went, went(again));
    }

    @Test
    void aDifferentResultIsNeverWrittenOverAnother() throws IOException {
        CliRun run = CliRun.of("refine", "--out", out.toString(), first.toString());
        Path result = went(run).get(0);
        byte[] other = "{\"not\": \"this result\"}".getBytes();
        Files.write(result, other);
        CliRun again = CliRun.of("refine", "--out", out.toString(), first.toString());
        assertEquals(1, again.status());
        assertTrue(again.err().contains(result + " already holds a different result"), again.err());
        assertArrayEquals(other, Files.readAllBytes(result));
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(result), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aRunOverManyFilesEndsWithAnAccountOnStderr() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"Header\": 1");
        CliRun run = CliRun.of("refine", "--verify", first.toString(), second.toString(), broken.toString());
        assertEquals(1, run.status());
        long gas = run.lines().stream().map(GAS::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertTrue(gas > 0, run.out());
        List<String> err = run.err().lines().toList();
        Matcher summary = SUMMARY.matcher(err.get(err.size() - 1));
        assertTrue(summary.matches(), run.err());
        assertEquals(3, Integer.parseInt(summary.group(1)));
        assertEquals(2, Integer.parseInt(summary.group(2)));
        assertEquals(1, Integer.parseInt(summary.group(5)));
        assertEquals(gas, Long.parseLong(summary.group(6)));
        // one file: its own line is the account
        CliRun one = CliRun.of("refine", first.toString());
        assertFalse(one.err().contains("specimens in"), one.err());
    }

    @Test
    void theBarGoesWhereStderrIsATerminal() throws IOException {
        Path links = Files.createDirectories(dir.resolve("fd"));
        assertTrue(ProgressBar.isTerminalDevice(Files.createSymbolicLink(links.resolve("2"), Path.of("/dev/pts/7"))));
        Path file = Files.writeString(dir.resolve("log.txt"), "");
        assertFalse(ProgressBar.isTerminalDevice(Files.createSymbolicLink(links.resolve("3"), file)));
        assertFalse(ProgressBar.isTerminalDevice(file), "not a descriptor link");
        // surefire gives this JVM a pipe or a file for stderr, not a terminal
        assertFalse(ProgressBar.onTerminal());
    }
}
