package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code refiner run --http-host/--http-port}: directory mode's; the config file says it in proof-chain mode. */
class RunHttpOptionsTest {
    @TempDir
    Path dir;

    @Test
    void httpOptionsWithAConfigFileAreRefused() throws Exception {
        CliRun result = CliRun.of("run", "--config", dir.resolve("refiner.yaml").toString(), "--http-port", "0");
        assertNotEquals(0, result.status());
        assertTrue(result.err().contains("metricsPort"), result.err());
    }
}
