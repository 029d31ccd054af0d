package io.cqt.refiner.evm.precompile;

import java.util.Objects;

/**
 * What a precompile returned. A failure (bad input: a point off the curve, a malformed length) consumes all gas
 * given to the call and returns no data, as an exceptional halt does. It carries the text geth's callTracer shows as
 * the frame's {@code error}; each cause has one preallocated failure ({@link PrecompileFailures}), so failing
 * allocates nothing either.
 *
 * @param output the return data; empty on failure. Ownership passes to the caller.
 * @param error  why the precompile failed, in geth's words; null on success
 */
public record PrecompileResult(byte[] output, String error) {
    private static final byte[] NO_OUTPUT = new byte[0];

    public static PrecompileResult success(byte[] output) {
        return new PrecompileResult(output, null);
    }

    /** A failure with this text; meant for constants, one per cause. */
    public static PrecompileResult failure(String error) {
        return new PrecompileResult(NO_OUTPUT, Objects.requireNonNull(error));
    }

    public boolean success() {
        return error == null;
    }
}
