package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.cqt.refiner.testing.FakeRpcNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof-chain mode takes every {@code run} option it accepts: --data, --max-in-flight and --workers win over the
 * file; a {@code REFINER_…} variable nothing reads stops the start in one line; the test tooling's variables do not.
 */
class RunProofChainFlagsTest {
    private static final Path CONFIG = Path.of("conf/refiner.yaml");

    @Test
    void dataMaxInFlightAndWorkersOverrideTheFile(@TempDir Path temp) throws Exception {
        HttpServer node = FakeRpcNode.start(true);
        Path data = temp.resolve("given-data");
        Map<String, String> env = Map.of("NODE_ETHEREUM_MAINNET", "http://127.0.0.1:" + node.getAddress().getPort(),
                // The test tooling's variables are in many shells that start the refiner: never refused.
                "REFINER_HARDHAT_RPC", "http://127.0.0.1:1", "REFINER_IPFS_API", "http://127.0.0.1:2",
                "REFINER_JAVA_HOME", "/nowhere");
        try (ProofChainChild run = ProofChainChild.start(temp, CONFIG, env, "--data", data.toString(),
                "--max-in-flight", "9", "--workers", "3")) {
            String output = run.awaitLog(text -> text.contains("reading the proof chain failed"));
            assertTrue(output.contains("embedded (3 at once), 9 item(s) in flight, data " + data.toAbsolutePath()),
                    output);
            assertTrue(Files.exists(data.resolve("journal.db.log")), output);
            // The file says `data: data`, relative to conf/: nothing may have been created there.
            assertFalse(Files.exists(CONFIG.toAbsolutePath().getParent().resolve("data")), output);
            assertEquals(143, run.terminate());
        } finally {
            node.stop(0);
        }
    }

    @Test
    void aMistypedRefinerVariableStopsTheStartInOneLine(@TempDir Path temp) throws Exception {
        try (ProofChainChild run = ProofChainChild.start(temp, CONFIG, Map.of("REFINER_POLL_MILIS", "100",
                "REFINER_DATA", temp.resolve("data").toString()))) {
            String output = run.finish();
            assertNotEquals(0, run.process().exitValue(), output);
            assertEquals("refiner: cannot start the pipeline: environment: unknown variable REFINER_POLL_MILIS "
                    + "(did you mean REFINER_POLL_MILLIS?)", output.strip(), output);
        }
    }

    @Test
    void aWorkerCountBelowOneIsAUsageError() {
        CliRun run = CliRun.of("run", "--config", CONFIG.toString(), "--workers", "0");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().startsWith("refiner: --workers must be at least 1"), run.err());
    }
}
