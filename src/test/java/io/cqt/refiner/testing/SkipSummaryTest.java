package io.cqt.refiner.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The end-of-run line: skips counted per test (a skipped class counts its tests) and grouped by short reason. */
class SkipSummaryTest {
    @TempDir
    Path dir;

    /** Run only through the launcher below (Surefire leaves nested classes alone). */
    static class Fixture {
        @Test
        void passes() {
        }

        @Test
        void noChain() {
            assumeTrue(false, "skipped: no Hardhat chain: Node.js is not on PATH (no node or no npm); set X");
        }

        @Test
        void noChainEither() {
            assumeTrue(false, "skipped: no Hardhat chain: Node.js is not on PATH (no node or no npm); set X");
        }

        @Test
        @Disabled("flaky on Tuesdays (see the issue)")
        void disabled() {
        }

        @Nested
        class WithoutData {
            @BeforeAll
            static void data() {
                assumeTrue(false, "skipped: the mainnet test data is absent (/x/y)");
            }

            @Test
            void one() {
            }

            @Test
            void two() {
            }

            @Test
            void three() {
            }
        }
    }

    static class AllPass {
        @Test
        void passes() {
        }
    }

    private String run(Class<?> tests, Path file) throws IOException {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .addTestExecutionListeners(new SkipSummary(file)).build());
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tests)).build());
        return Files.exists(file) ? Files.readString(file) : null;
    }

    @Test
    void oneLineWithTheCountAndTheReasonsMostFirst() throws IOException {
        assertEquals("6 tests skipped: 3 the mainnet test data is absent; "
                + "2 no Hardhat chain: Node.js is not on PATH; 1 flaky on Tuesdays\n",
                run(Fixture.class, dir.resolve("skips.txt")));
    }

    @Test
    void noSkipsNoLineAndAnOldLineIsRemoved() throws IOException {
        Path file = Files.writeString(dir.resolve("skips.txt"), "3 tests skipped: from an earlier run\n");
        assertEquals(null, run(AllPass.class, file));
        assertFalse(Files.exists(file));
    }

    @Test
    void shortReasonsDropThePrefixAndTheFix() {
        assertEquals("no IPFS node: the build starts no services",
                SkipSummary.shortReason("Assumption failed: skipped: no IPFS node: the build starts no services "
                        + "(-Drefiner.services=off); set REFINER_IPFS_API to use a running one"));
        assertEquals("no reason given", SkipSummary.shortReason(null));
    }
}
