package io.cqt.refiner.evm.blocktest;

/** A block a client must reject: the message says which rule it broke. */
public final class InvalidBlockException extends RuntimeException {
    public InvalidBlockException(String message) {
        super(message);
    }
}
