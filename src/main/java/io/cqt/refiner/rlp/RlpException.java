package io.cqt.refiner.rlp;

/** Malformed or truncated RLP: the message names what is wrong and the byte offset where it was found. */
public class RlpException extends RuntimeException {
    public RlpException(String message) {
        super(message);
    }
}
