package io.cqt.refiner.cli;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar for runs over many files, redrawn in place on stderr (so stdout, {@code --json} included,
 * stays clean): {@code [#####---------------]  12/40  30%  3.2 files/s  ETA 0:09}. The caller clears it before
 * writing a line of its own to the same terminal and draws it again after.
 */
final class ProgressBar {
    static final int WIDTH = 30;
    private static final String ERASE_LINE = "\r\033[K";

    private final PrintWriter terminal;
    private final long total;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private long done;

    ProgressBar(PrintWriter terminal, long total, LongSupplier nanoClock) {
        this.terminal = terminal;
        this.total = total;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** Whether stderr, where the bar is drawn, is a terminal (stdout may well be a file or a pipe meanwhile). */
    static boolean onTerminal() {
        Path stderr = Path.of("/proc/self/fd/2");
        if (Files.isSymbolicLink(stderr)) {
            return isTerminalDevice(stderr);
        }
        // Without /proc, Java can only tell about stdin and stdout (System.console()), the nearest it gets.
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From Java 22 System.console() answers even when output is redirected; Console.isTerminal() (22+) tells.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Whether a file-descriptor link (as in /proc/self/fd) leads to a terminal device. */
    static boolean isTerminalDevice(Path descriptorLink) {
        try {
            String device = Files.readSymbolicLink(descriptorLink).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Draws the bar (again). */
    void draw() {
        terminal.print("\r" + render(done, total, nanoClock.getAsLong() - startNanos, WIDTH));
        terminal.flush();
    }

    /** Erases the bar, so a line written next starts at the left margin. */
    void clear() {
        terminal.print(ERASE_LINE);
        terminal.flush();
    }

    /** One more file done; redraws. */
    void advance() {
        done++;
        draw();
    }

    /** Leaves the final bar on its own line. */
    void finish() {
        draw();
        terminal.println();
        terminal.flush();
    }

    /** The bar's text for {@code done} of {@code total} after {@code elapsedNanos}, with a bar {@code width} wide. */
    static String render(long done, long total, long elapsedNanos, int width) {
        long filled = total == 0 ? width : done * width / total;
        StringBuilder line = new StringBuilder(width + 48).append('[');
        for (int i = 0; i < width; i++) {
            line.append(i < filled ? '#' : '-');
        }
        String count = Long.toString(total);
        line.append("]  ").append(pad(Long.toString(done), count.length())).append('/').append(count)
                .append("  ").append(pad(Long.toString(total == 0 ? 100 : done * 100 / total), 3)).append('%');
        double seconds = elapsedNanos / 1e9;
        if (done == 0 || seconds <= 0) {
            return line.append("  - files/s  ETA --:--").toString();
        }
        double rate = done / seconds;
        long etaSeconds = Math.round((total - done) / rate);
        return line.append("  ").append(String.format(Locale.ROOT, "%.1f", rate)).append(" files/s  ETA ")
                .append(duration(etaSeconds)).toString();
    }

    /** m:ss below an hour, else h:mm:ss. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    private static String pad(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }
}
