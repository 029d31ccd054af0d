package io.cqt.refiner.evm.ops;

import io.cqt.refiner.evm.frame.Frame;
import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.evm.word.WordMath;

/** JUMP and JUMPI; both halt on a destination that is not a JUMPDEST. */
public final class ControlOps {
    private ControlOps() {
    }

    public static boolean jump(Frame f, long[] s) {
        int i = f.sp - 4;
        f.sp = i;
        return jumpTo(f, WordMath.clampedToLong(s, i));
    }

    public static boolean jumpi(Frame f, long[] s) {
        int dest = f.sp - 4;
        int cond = f.sp - 8;
        f.sp = cond;
        if (WordMath.isZero(s, cond)) {
            return true;
        }
        return jumpTo(f, WordMath.clampedToLong(s, dest));
    }

    private static boolean jumpTo(Frame f, long dest) {
        if (!f.code.isJumpDest(dest)) {
            f.halt(HaltReason.INVALID_JUMP);
            return false;
        }
        f.pc = (int) dest;
        return true;
    }
}
