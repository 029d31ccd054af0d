package io.cqt.refiner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What an operator's supervisor relies on: stop grace periods, the systemd unit, the version line, the license. */
class PackagingTest {
    /** How long `run` may take to stop after SIGTERM: its drain timeout, then 5 s to close the journal. */
    private static long stopSeconds(long shutdownTimeout) {
        return shutdownTimeout + 5;
    }

    private static long defaultShutdownTimeout() {
        return Long.parseLong(Main.newCommandLine().getSubcommands().get("run").getCommandSpec()
                .findOption("--shutdown-timeout").defaultValue());
    }

    /** The --shutdown-timeout the image's command gives, or the default. */
    private static long imageShutdownTimeout() throws IOException {
        Matcher given = Pattern.compile("--shutdown-timeout\"?,\\s*\"?(\\d+)").matcher(
                Files.readString(Path.of("docker/Dockerfile")));
        return given.find() ? Long.parseLong(given.group(1)) : defaultShutdownTimeout();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComposeFileGivesTheRefinerLongerThanItsDrainToStop() throws IOException {
        long needed = stopSeconds(imageShutdownTimeout());
        try (Stream<Path> files = Files.list(Path.of("docker"))) {
            List<Path> composeFiles = files.filter(f -> f.getFileName().toString().startsWith("docker-compose"))
                    .toList();
            assertTrue(composeFiles.size() >= 2, composeFiles::toString);
            for (Path file : composeFiles) {
                Map<String, Object> compose = new Yaml().load(Files.readString(file));
                Map<String, Object> refiner = (Map<String, Object>) ((Map<String, Object>) compose.get("services"))
                        .get("refiner");
                if (!refiner.containsKey("image")) {
                    continue; // an override file (docker-compose.ipfs-pinner.yml): the main file's setting stands
                }
                Object grace = refiner.get("stop_grace_period");
                assertTrue(grace != null, file + ": no stop_grace_period (docker stop kills after 10 s)");
                Matcher seconds = Pattern.compile("(\\d+)s").matcher(grace.toString());
                assertTrue(seconds.matches(), file + ": stop_grace_period " + grace + " is not in seconds");
                assertTrue(Long.parseLong(seconds.group(1)) > needed,
                        file + ": stop_grace_period " + grace + " is not longer than " + needed + " s");
            }
        }
    }

    @Test
    void theSystemdUnitAcceptsTheSigtermExitAndWaitsForTheDrain() throws IOException {
        String unit = Files.readString(Path.of("docs/refiner.service"));
        assertTrue(unit.contains("\nSuccessExitStatus=143\n"), unit);
        Matcher stop = Pattern.compile("\\nTimeoutStopSec=(\\d+)\\n").matcher(unit);
        assertTrue(stop.find(), unit);
        Matcher timeout = Pattern.compile("--shutdown-timeout (\\d+)").matcher(unit);
        long drain = timeout.find() ? Long.parseLong(timeout.group(1)) : defaultShutdownTimeout();
        assertTrue(Long.parseLong(stop.group(1)) > stopSeconds(drain), unit);
        assertTrue(Files.readString(Path.of("docs/OPERATIONS.md")).contains("refiner.service"));
    }

    @Test
    void theVersionNamesTheReleaseAndTheCommit() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.status(), run.err());
        // A checkout names its commit; a build outside one says it has none. Never the build's placeholders.
        assertTrue(run.out().strip().matches("refiner \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?, commit "
                + "([0-9a-f]{7,40}( \\(modified\\))?|unknown \\(built outside a git checkout\\))"), run.out());
        if (Files.isDirectory(Path.of(".git")) || Files.isRegularFile(Path.of(".git"))) {
            assertTrue(run.out().matches("(?s).*commit [0-9a-f]{7,40}.*"), run.out());
        }
    }

    @Test
    void aBuildOutsideGitSaysSoInsteadOfShowingPlaceholders() {
        Properties unfiltered = new Properties();
        unfiltered.setProperty("version", "0.1.0");
        unfiltered.setProperty("commit", "${git.commit.id.abbrev}");
        unfiltered.setProperty("dirty", "${git.dirty}");
        assertEquals("refiner 0.1.0, commit unknown (built outside a git checkout)", VersionProvider.line(unfiltered));
        Properties built = new Properties();
        built.setProperty("version", "0.1.0");
        built.setProperty("commit", "0123456789ab");
        built.setProperty("dirty", "false");
        assertEquals("refiner 0.1.0, commit 0123456789ab", VersionProvider.line(built));
    }

    @Test
    void theProjectIsApacheLicensed() throws IOException {
        String license = Files.readString(Path.of("LICENSE"));
        assertTrue(license.contains("Apache License") && license.contains("Version 2.0, January 2004")
                && license.contains("END OF TERMS AND CONDITIONS"), "LICENSE is not the Apache-2.0 text");
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<name>Apache License, Version 2.0</name>"));
    }
}
