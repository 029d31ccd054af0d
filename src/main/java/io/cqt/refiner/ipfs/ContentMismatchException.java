package io.cqt.refiner.ipfs;

/** Content does not match the CID it was asked or stored under: never used, never retried. */
public final class ContentMismatchException extends ContentStoreException {
    public ContentMismatchException(String message) {
        super(message);
    }
}
