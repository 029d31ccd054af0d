package io.cqt.refiner.evm.frame;

import java.util.Arrays;

/**
 * A message's input: {@code size} bytes of {@code array} from {@code offset}, never written through this. A sub-call's
 * input is its caller's memory region itself rather than a copy: nothing writes that region while the callee runs
 * (the callee's memory starts past its caller's, and a memory that grows moves to a new array, leaving the old one
 * as it was), and the view dies with the callee's frame.
 */
public record CallData(byte[] array, int offset, int size) {
    public static final CallData NONE = new CallData(Frame.NO_DATA, 0, 0);

    /** All of {@code bytes}. */
    public static CallData of(byte[] bytes) {
        return bytes.length == 0 ? NONE : new CallData(bytes, 0, bytes.length);
    }

    /** The bytes in an array of their own, for what keeps or hands them on (a precompile, a tracer). */
    public byte[] copy() {
        return size == 0 ? Frame.NO_DATA : Arrays.copyOfRange(array, offset, offset + size);
    }
}
