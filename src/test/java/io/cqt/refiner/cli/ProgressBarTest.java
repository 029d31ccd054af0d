package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theBarShowsCountShareRateAndEta() {
        // 3 of 10 after 2 s: 1.5 files/s, 7 left → 4.67 s → 0:05; 3/10 of 20 columns filled.
        String line = ProgressBar.render(3, 10, 2 * SECOND, 20);
        assertTrue(line.startsWith("[######--------------]"), line);
        assertTrue(line.contains(" 3/10"), line);
        assertTrue(line.contains(" 30%"), line);
        assertTrue(line.contains("1.5 files/s"), line);
        assertTrue(line.endsWith("ETA 0:05"), line);
    }

    @Test
    void beforeTheFirstFileThereIsNoRateAndAtTheEndNothingIsLeft() {
        String start = ProgressBar.render(0, 40, 0, 10);
        assertTrue(start.startsWith("[----------]"), start);
        assertTrue(start.contains(" 0/40"), start);
        assertTrue(start.endsWith("ETA --:--"), start);
        String end = ProgressBar.render(40, 40, 8 * SECOND, 10);
        assertTrue(end.startsWith("[##########]"), end);
        assertTrue(end.contains("40/40  100%  5.0 files/s  ETA 0:00"), end);
    }

    @Test
    void longWaitsReadInHours() {
        assertEquals("0:59", ProgressBar.duration(59));
        assertEquals("1:01:01", ProgressBar.duration(3661));
        // 1 of 4000 after 100 s: 0.01 files/s, 3999 left → 399,900 s = 111 h 5 min.
        assertTrue(ProgressBar.render(1, 4000, 100 * SECOND, 10).endsWith("ETA 111:05:00"));
    }

    @Test
    void theBarIsRedrawnInPlaceAndClearedBeforeOtherLines() {
        StringWriter text = new StringWriter();
        AtomicLong clock = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 2, clock::get);
        bar.draw();
        clock.addAndGet(SECOND);
        bar.clear();
        bar.advance();
        clock.addAndGet(SECOND);
        bar.advance();
        bar.finish();
        String out = text.toString();
        assertTrue(out.startsWith("\r["), out);
        assertTrue(out.contains("\r\033[K"), out);
        assertTrue(out.contains("1/2   50%  1.0 files/s  ETA 0:01"), out);
        assertTrue(out.endsWith("2/2  100%  1.0 files/s  ETA 0:00" + System.lineSeparator()), out);
    }

    @Test
    void withoutATerminalRefineWritesOneLinePerFileAndNoBar(@TempDir Path dir) throws Exception {
        List<Path> files = twoSpecimens(dir);
        CliRun run = CliRun.of("refine", files.get(0).toString(), files.get(1).toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(2, run.lines().size(), run.out());
        assertTrue(run.lines().get(0).startsWith(files.get(0) + ": block "), run.out());
        assertTrue(run.lines().get(1).startsWith(files.get(1) + ": block "), run.out());
        assertFalse(run.err().contains("\r"), run.err());
        assertFalse(run.err().contains("files/s"), run.err());
    }

    @Test
    void theBarGoesToStderrSoJsonOutputStaysClean(@TempDir Path dir) throws Exception {
        List<Path> files = twoSpecimens(dir);
        CliRun run = CliRun.of("refine", "--json", "--progress", "always", dir.toString());
        assertEquals(0, run.status(), run.err());
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(2, run.lines().size(), run.out());
        for (String line : run.lines()) {
            assertTrue(mapper.readTree(line).has("block"), line);
        }
        assertTrue(run.err().contains("2/2  100%"), run.err());
        assertTrue(run.err().contains("\r"), run.err());
        assertEquals(files.size(), run.lines().size());
    }

    /** The project's own specimen under two names. */
    private static List<Path> twoSpecimens(Path dir) throws Exception {
        Path source = Path.of("test-data/specimens/synthetic-transfers-0.37.avro");
        Path a = Files.copy(source, dir.resolve("a.avro"));
        Path b = Files.copy(source, dir.resolve("b.avro"));
        return List.of(a, b);
    }
}
