package io.cqt.refiner.evm.frame;

import java.util.Arrays;

/**
 * The memories of every frame of one transaction in a single growable {@code byte[]}. A frame's memory is the region
 * [base, base + size); a sub-call's memory starts past its caller's, and the caller cannot grow while the callee
 * runs. Newly exposed bytes are zeroed on expansion, since a finished callee may have left data there.
 */
public final class Memory {
    private byte[] buffer = new byte[4096];

    public byte[] buffer() {
        return buffer;
    }

    /** Grows a frame's region from {@code oldSize} to {@code newSize} bytes, zero-filled. */
    public void grow(int base, int oldSize, int newSize) {
        int end = base + newSize;
        if (end > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(end, buffer.length * 2));
        }
        Arrays.fill(buffer, base + oldSize, end, (byte) 0);
    }
}
