package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CidCommandTest {
    @TempDir
    Path directory;

    // Known answers from docs/ipfs.md (CIDs the network's pinner returned).
    @Test
    void printsThePinnersCidForEachFile() throws Exception {
        Path hello = Files.writeString(directory.resolve("hello"), "hello");
        Path zeros = Files.write(directory.resolve("zeros"), new byte[262_145]);
        Path empty = Files.write(directory.resolve("empty"), new byte[0]);
        Run run = run("cid", hello.toString(), zeros.toString(), empty.toString());
        assertEquals(0, run.status, run.err);
        assertEquals("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq  " + hello + "\n"
                + "bafybeigllfqgfpqydppr6cmv56g7ax4wyhruzswvcefv6j5kj77nzttfki  " + zeros + "\n"
                + "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku  " + empty + "\n",
                run.out.replace(System.lineSeparator(), "\n"));
    }

    @Test
    void oneFilePrintsTheCidAlone() {
        Path specimen = SharedData.specimen(22433670, "specimen-codec-0.38.avro");
        Run run = run("cid", specimen.toString());
        assertEquals(0, run.status, run.err);
        assertEquals("bafybeies5axj3hr5ylotqqrwqyerrfiqfvvu6ad33xll7iah677bi46rdy", run.out.strip());
    }

    @Test
    void aMissingFileIsOneLineError() {
        Run run = run("cid", directory.resolve("absent").toString());
        assertTrue(run.status != 0);
        assertEquals("refiner: no such file: " + directory.resolve("absent"), run.err.strip());
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine line = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int status = line.execute(args);
        return new Run(status, out.toString(), err.toString());
    }
}
