package io.cqt.refiner.ipfs;

/** A content store failure; the message is one line naming the store (directory or URL) and what went wrong. */
public class ContentStoreException extends RuntimeException {
    public ContentStoreException(String message) {
        super(message);
    }

    public ContentStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
