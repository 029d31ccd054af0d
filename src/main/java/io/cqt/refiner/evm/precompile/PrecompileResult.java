package io.cqt.refiner.evm.precompile;

/**
 * What a precompile returned. A failure (bad input: a point off the curve, a malformed length) consumes all gas
 * given to the call and returns no data, as an exceptional halt does.
 *
 * @param output the return data; empty on failure. Ownership passes to the caller.
 */
public record PrecompileResult(byte[] output, boolean success) {
    private static final PrecompileResult FAILURE = new PrecompileResult(new byte[0], false);

    public static PrecompileResult success(byte[] output) {
        return new PrecompileResult(output, true);
    }

    public static PrecompileResult failure() {
        return FAILURE;
    }
}
