package io.cqt.refiner.evm.block;

/**
 * A block a reference evm-server release cannot turn into a result, with what that release answers: an error
 * message, or a Go panic (its server answers a panic with a plain-text 500 rather than a JSON error). Never a
 * reason to invent bytes: no release wrote a result for such a block.
 */
public final class ReferenceFailure extends RuntimeException {
    private final boolean panic;

    private ReferenceFailure(String message, boolean panic) {
        super(message);
        this.panic = panic;
    }

    /** The release returns an error with this message. */
    public static ReferenceFailure error(String message) {
        return new ReferenceFailure(message, false);
    }

    /** The release panics; {@code message} says why. */
    public static ReferenceFailure panic(String message) {
        return new ReferenceFailure(message, true);
    }

    public boolean panic() {
        return panic;
    }
}
