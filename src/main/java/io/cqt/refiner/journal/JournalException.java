package io.cqt.refiner.journal;

/** The journal cannot do what was asked: the message says what and where, in one line. */
public class JournalException extends RuntimeException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
