package io.cqt.refiner.cli;

import io.cqt.refiner.logging.SafeText;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns an exception into the one line an operator reads: the message, not the class or the stack. */
final class OneLineErrors {
    private OneLineErrors() {
    }

    /** The problem with one file, for a line that names the file already: the path is not said twice. */
    static String about(Path file, Throwable e) {
        String path = file.toString();
        if (e instanceof FileSystemException fs && path.equals(fs.getFile()) && fs.getOtherFile() == null) {
            if (e instanceof NoSuchFileException) {
                return "no such file";
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
            String reason = fs.getReason();
            return reason == null ? e.getClass().getSimpleName() : SafeText.line(reason);
        }
        String message = describe(e);
        return message.startsWith(path + ": ") ? message.substring(path.length() + 2) : message;
    }

    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause != null && cause != e ? describe(cause) : e.getClass().getSimpleName();
        }
        return SafeText.line(message);
    }
}
