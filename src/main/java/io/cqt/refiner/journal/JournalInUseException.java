package io.cqt.refiner.journal;

/** Another process (a running refiner) holds the journal's lock. */
public final class JournalInUseException extends JournalException {
    public JournalInUseException(String message) {
        super(message);
    }
}
