package io.cqt.refiner.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code refiner --version}: the release and the commit it was built from (with "modified" when the work tree had
 * uncommitted changes), as the build wrote them into {@code version.properties}. A build outside a git checkout
 * (a source archive, the Docker build context) leaves the commit unfilled and says so.
 */
final class VersionProvider implements IVersionProvider {
    static final String RESOURCE = "/io/cqt/refiner/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {line(read())};
    }

    static String line(Properties properties) {
        String version = filled(properties.getProperty("version"));
        String commit = filled(properties.getProperty("commit"));
        String dirty = filled(properties.getProperty("dirty"));
        return "refiner " + (version == null ? "(development build)" : version) + ", commit "
                + (commit == null ? "unknown (built outside a git checkout)" : commit
                + ("true".equals(dirty) ? " (modified)" : ""));
    }

    /** A value the build filled in, or null (absent, empty, or the placeholder left by an unfiltered build). */
    private static String filled(String value) {
        return value == null || value.isBlank() || value.contains("${") ? null : value.strip();
    }

    private static Properties read() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is a development build: the version line says so
        }
        return properties;
    }
}
