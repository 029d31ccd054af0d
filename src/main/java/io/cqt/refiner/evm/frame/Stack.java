package io.cqt.refiner.evm.frame;

import io.cqt.refiner.evm.fork.InstructionTable;
import io.cqt.refiner.evm.word.WordMath;
import java.util.Arrays;

/**
 * The operand stacks of every frame of one transaction in a single flat {@code long[]}: word i of the array is limbs
 * 4i..4i+3, most significant first. A frame owns the region from its base up; a sub-call's frame starts where its
 * caller's stack ends. The array grows by doubling when a deeper frame needs room, so frames re-read {@link #data()}
 * after a sub-call returns. Also carries the scratch space the division operations need.
 */
public final class Stack {
    private static final int FRAME_LIMBS = InstructionTable.STACK_LIMIT * 4;

    private long[] data = new long[FRAME_LIMBS * 2];
    private final long[] scratch = new long[WordMath.SCRATCH];

    public long[] data() {
        return data;
    }

    public long[] scratch() {
        return scratch;
    }

    /** Makes room for a full frame stack starting at limb {@code base}. */
    public void ensureFrame(int base) {
        int needed = base + FRAME_LIMBS + 4; // one spare word above a full stack for operations' temporaries
        if (needed > data.length) {
            data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
        }
    }
}
