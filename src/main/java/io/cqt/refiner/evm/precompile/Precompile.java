package io.cqt.refiner.evm.precompile;

/**
 * A precompiled contract: pure and stateless. The caller charges {@link #gas} before calling {@link #run}; when the
 * call's gas does not cover it, all of the call's gas is consumed and {@code run} is not called.
 */
public interface Precompile {
    String name();

    /** The gas this input costs; saturates at {@link Long#MAX_VALUE} rather than overflowing. */
    long gas(byte[] input);

    PrecompileResult run(byte[] input);
}
