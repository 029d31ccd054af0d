package io.cqt.refiner.proofchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cqt.refiner.testing.TestServices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The committed ABI and bytecode of TestProofChain are what the pinned solc makes of its source. */
class TestContractArtifactsTest {
    @Test
    void committedArtifactsMatchTheSource() throws IOException, InterruptedException {
        TestServices.hardhatRpc(); // its start installs solc with Hardhat (or skips saying why it cannot)
        Path hardhat = Path.of("src/test/hardhat").toAbsolutePath();
        assumeTrue(Files.isDirectory(hardhat.resolve("node_modules/solc")),
                "skipped: solc is not installed; run npm ci in src/test/hardhat (as .ci/start-hardhat does)");
        Process check = new ProcessBuilder("node", "compile.js", "--check").directory(hardhat.toFile())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(120, TimeUnit.SECONDS)) {
            check.destroy();
            throw new AssertionError("node compile.js --check did not finish: " + output);
        }
        assertEquals(0, check.exitValue(), output);
    }
}
