package io.cqt.refiner.evm.ops;

import io.cqt.refiner.evm.frame.CallData;
import io.cqt.refiner.evm.frame.Frame;
import io.cqt.refiner.evm.frame.TxContext;
import io.cqt.refiner.evm.word.WordMath;
import io.cqt.refiner.types.UInt256;

/** The message's and transaction's own values: ADDRESS, ORIGIN, CALLER, CALLVALUE, CALLDATALOAD, GASPRICE. */
public final class TxOps {
    private TxOps() {
    }

    public static void pushLong(Frame f, long[] s, long value) {
        WordMath.setLong(s, f.sp, value);
        f.sp += 4;
    }

    public static void pushWord(Frame f, long[] s, UInt256 value) {
        StackOps.setWord(s, f.sp, value);
        f.sp += 4;
    }

    public static void address(Frame f, long[] s) {
        StackOps.pushAddress(s, f.sp, f.address);
        f.sp += 4;
    }

    public static void origin(Frame f, long[] s, TxContext tx) {
        StackOps.pushAddress(s, f.sp, tx.origin());
        f.sp += 4;
    }

    public static void caller(Frame f, long[] s) {
        StackOps.pushAddress(s, f.sp, f.caller);
        f.sp += 4;
    }

    public static void callValue(Frame f, long[] s) {
        pushWord(f, s, f.value);
    }

    public static void gasPrice(Frame f, long[] s, TxContext tx) {
        pushWord(f, s, tx.gasPrice());
    }

    /** CALLDATALOAD: 32 bytes of input from the offset, zero past its end. */
    public static void callDataLoad(Frame f, long[] s) {
        int i = f.sp - 4;
        CallData in = f.input;
        long offset = WordMath.clampedToLong(s, i);
        if (offset >= in.size()) {
            WordMath.setLong(s, i, 0);
        } else if (offset + 32 <= in.size()) {
            WordMath.fromBytes32(s, i, in.array(), in.offset() + (int) offset);
        } else {
            int n = in.size() - (int) offset;
            WordMath.fromBytes(s, i, in.array(), in.offset() + (int) offset, n);
            // Left-aligned: the missing bytes are zeros on the right.
            WordMath.setLong(s, f.sp, 8 * (32 - n));
            WordMath.shl(s, f.sp, i);
        }
    }
}
