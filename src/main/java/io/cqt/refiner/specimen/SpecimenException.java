package io.cqt.refiner.specimen;

/** A specimen that cannot be read: the message says what is wrong and where, in one line. */
public class SpecimenException extends RuntimeException {
    public SpecimenException(String message) {
        super(message);
    }

    public SpecimenException(String message, Throwable cause) {
        super(message, cause);
    }
}
