package io.cqt.refiner;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of the fat jar. Compiled for Java 8 so that it loads on whatever {@code java} a machine has: on a JVM
 * older than 21 it looks for a JDK 21+ (JAVA_HOME, REFINER_JAVA_HOME, /usr/lib/jvm, /opt/java) and re-runs the
 * same command there; if none exists it says so in one line and exits 1. The JVM it starts is told this one's pid
 * ({@value #PARENT_PROPERTY}) and exits when this one is gone, even by SIGKILL, which no hook here sees: left
 * behind, it would go on holding the journal's lock.
 */
public final class Launcher {
    private static final int REQUIRED = 21;
    private static final String MAIN = "io.cqt.refiner.cli.Main";
    /** The system property naming the launcher's pid in the JVM it starts (read by the CLI's main). */
    public static final String PARENT_PROPERTY = "refiner.launcher.pid";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (featureVersion(System.getProperty("java.specification.version")) >= REQUIRED) {
            Method main = Class.forName(MAIN).getMethod("main", String[].class);
            main.invoke(null, (Object) args);
            return;
        }
        File javaBinary = findJava();
        if (javaBinary == null) {
            System.err.println("refiner: needs Java " + REQUIRED + " or newer; this is Java "
                    + System.getProperty("java.version") + " and no JDK " + REQUIRED
                    + "+ was found (set REFINER_JAVA_HOME or JAVA_HOME to one)");
            System.exit(1);
        }
        // `java -jar refiner.jar`: the jar; `java -cp … io.cqt.refiner.Launcher`: that class path.
        String classPath = System.getProperty("java.class.path");
        if (classPath == null || classPath.isEmpty()) {
            classPath = new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getPath();
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        List<String> command = new ArrayList<String>();
        command.add(javaBinary.getPath());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-D" + PARENT_PROPERTY + "=" + pid);
        command.add("-cp");
        command.add(classPath);
        command.add(MAIN);
        for (String arg : args) {
            command.add(arg);
        }
        final Process process = new ProcessBuilder(command).inheritIO().start();
        // A SIGTERM or Ctrl-C sent to this process must reach the real one, which shuts down gracefully on it.
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                if (process.isAlive()) {
                    process.destroy();
                    try {
                        process.waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }));
        System.exit(process.waitFor());
    }

    private static File findJava() {
        List<File> homes = new ArrayList<File>();
        for (String variable : new String[] {"REFINER_JAVA_HOME", "JAVA_HOME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isEmpty()) {
                homes.add(new File(value));
            }
        }
        for (String root : new String[] {"/usr/lib/jvm", "/opt/java", "/usr/local/lib/jvm"}) {
            File[] children = new File(root).listFiles();
            if (children != null) {
                java.util.Arrays.sort(children);
                for (int i = children.length - 1; i >= 0; i--) {
                    homes.add(children[i]);
                }
            }
        }
        for (File home : homes) {
            File java = new File(home, "bin/java");
            if (java.canExecute() && featureVersion(releaseVersion(home)) >= REQUIRED) {
                return java;
            }
        }
        return null;
    }

    /** JAVA_VERSION from the JDK's {@code release} file, which every JDK since 9 ships. */
    private static String releaseVersion(File home) {
        File release = new File(home, "release");
        if (!release.isFile()) {
            return null;
        }
        try {
            java.util.Properties properties = new java.util.Properties();
            java.io.InputStream in = new java.io.FileInputStream(release);
            try {
                properties.load(in);
            } finally {
                in.close();
            }
            String version = properties.getProperty("JAVA_VERSION");
            return version == null ? null : version.replace("\"", "");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** "1.8.0_392" → 8, "17.0.15" → 17, "25" → 25; unknown → 0. */
    static int featureVersion(String version) {
        if (version == null) {
            return 0;
        }
        String[] parts = version.split("[.\\-_+]");
        try {
            int first = Integer.parseInt(parts[0]);
            return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
