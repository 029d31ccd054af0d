package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code refine --workers N}: several files at once, the same lines in the same order and the same exit status. */
class RefineWorkersTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void workersChangeNeitherTheOutputNorItsOrderNorTheExitStatus() throws Exception {
        Path specimens = SharedData.specimen(19434485L, "specimen-codec-0.36.avro").getParent().getParent();
        // The default profile fails on 19434485's codec-0.36 blob transaction: failures must keep their place too.
        CliRun one = CliRun.of("refine", "--json", "--workers", "1", specimens.toString());
        CliRun three = CliRun.of("refine", "--json", "--workers", "3", specimens.toString());
        assertEquals(1, one.status(), one.err());
        assertEquals(one.status(), three.status(), three.err());
        assertEquals(withoutTimes(one.lines()), withoutTimes(three.lines()));
        assertEquals(RefineCommand.specimenFiles(List.of(specimens)).size(), three.lines().size(), three.out());
    }

    @Test
    void zeroWorkersIsAOneLineError() {
        CliRun run = CliRun.of("refine", "--workers", "0", "x");
        assertEquals(1, run.status());
        assertEquals("refiner: --workers must be at least 1", run.err().strip());
    }

    private List<String> withoutTimes(List<String> lines) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            ObjectNode o = (ObjectNode) mapper.readTree(line);
            o.remove("ms");
            o.remove("millis");
            out.add(o.toString());
        }
        return out;
    }
}
