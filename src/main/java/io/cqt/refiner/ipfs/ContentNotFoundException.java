package io.cqt.refiner.ipfs;

/** The store does not have the content (retrying the same store will not help). */
public final class ContentNotFoundException extends ContentStoreException {
    public ContentNotFoundException(String message) {
        super(message);
    }
}
