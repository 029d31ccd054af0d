package io.cqt.refiner.cli;

import io.cqt.refiner.logging.SafeText;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns an exception into the one line an operator reads: the message, not the class or the stack. */
final class OneLineErrors {
    private OneLineErrors() {
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
