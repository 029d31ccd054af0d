package io.cqt.refiner.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test data beside the project ({@code ../shared}, or the {@code refiner.shared} system property).
 * It is absent in a user's clone; tests that need it call {@link #require} and skip, saying why.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String configured = System.getProperty("refiner.shared");
        return Path.of(configured != null ? configured : "../shared").toAbsolutePath().normalize();
    }

    /** The path below {@code shared/test-data}, or a skipped test if the shared data is not here. */
    public static Path require(String relative) {
        Path path = root().resolve("test-data").resolve(relative);
        assumeTrue(Files.exists(path), () -> "skipped: " + path + " is absent (the mainnet test data lives in "
                + "../shared beside the project, which a user's clone does not have)");
        return path;
    }

    public static Path specimen(long block, String file) {
        return require("specimens/" + block + "/" + file);
    }
}
