package io.cqt.refiner.result;

/** A block-result file that cannot be read: the message names what is wrong and where, in one line. */
public class ResultFormatException extends RuntimeException {
    public ResultFormatException(String message) {
        super(message);
    }

    public ResultFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
