package io.cqt.refiner.evm.ops;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.frame.CallData;
import io.cqt.refiner.evm.frame.Frame;
import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.evm.interp.Interpreter;
import io.cqt.refiner.evm.word.WordMath;
import io.cqt.refiner.evm.word.Words;
import java.util.Arrays;

/**
 * Memory expansion and the operations that read or write memory: MLOAD, MSTORE, MSTORE8, MCOPY, KECCAK256 and the
 * *COPY family. Each returns false after halting the frame (out of gas, return data out of bounds).
 */
public final class MemoryOps {
    /**
     * The largest memory a frame may reach. Its gas (about 2^43) is beyond any real gas limit; the bound keeps the
     * shared buffer's int offsets valid.
     */
    private static final long MAX_MEMORY = 1L << 30;

    private MemoryOps() {
    }

    /**
     * Charges for and performs the expansion that touching {@code [offset, offset + length)} needs. A zero length
     * touches nothing, whatever the offset.
     */
    public static boolean expand(Frame f, Interpreter in, long offset, long length) {
        if (length == 0) {
            return true;
        }
        long end = Words.clampedAdd(offset, length);
        if (end > MAX_MEMORY) {
            f.halt(HaltReason.OUT_OF_GAS);
            return false;
        }
        if (end <= f.memorySize) {
            return true;
        }
        long words = Words.numWords(end);
        long cost = in.gas().memoryCost(words);
        if (!f.charge(cost - f.memoryCost)) {
            return false;
        }
        f.memoryCost = cost;
        int newSize = (int) (words * 32);
        in.memory().grow(f.memoryBase, f.memorySize, newSize);
        f.memorySize = newSize;
        return true;
    }

    public static boolean mload(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int i = f.sp - 4;
        long offset = WordMath.clampedToLong(s, i);
        if (!expand(f, in, offset, 32)) {
            return false;
        }
        WordMath.fromBytes32(s, i, in.memory().buffer(), f.memoryBase + (int) offset);
        return true;
    }

    public static boolean mstore(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int sp = f.sp;
        long offset = WordMath.clampedToLong(s, sp - 4);
        if (!expand(f, in, offset, 32)) {
            return false;
        }
        WordMath.toBytes32(s, sp - 8, in.memory().buffer(), f.memoryBase + (int) offset);
        f.sp = sp - 8;
        return true;
    }

    public static boolean mstore8(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int sp = f.sp;
        long offset = WordMath.clampedToLong(s, sp - 4);
        if (!expand(f, in, offset, 1)) {
            return false;
        }
        in.memory().buffer()[f.memoryBase + (int) offset] = (byte) s[sp - 5];
        f.sp = sp - 8;
        return true;
    }

    /** MCOPY (EIP-5656): dst, src, length; overlapping regions copy as if through a buffer. */
    public static boolean mcopy(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int sp = f.sp;
        long dst = WordMath.clampedToLong(s, sp - 4);
        long src = WordMath.clampedToLong(s, sp - 8);
        long len = WordMath.clampedToLong(s, sp - 12);
        f.sp = sp - 12;
        if (!f.charge(in.gas().copyCost(len))) {
            return false;
        }
        if (len == 0) {
            return true;
        }
        if (!expand(f, in, Math.max(dst, src), len)) {
            return false;
        }
        byte[] mem = in.memory().buffer();
        System.arraycopy(mem, f.memoryBase + (int) src, mem, f.memoryBase + (int) dst, (int) len);
        return true;
    }

    public static boolean keccak256(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int sp = f.sp;
        long offset = WordMath.clampedToLong(s, sp - 4);
        long len = WordMath.clampedToLong(s, sp - 8);
        if (!f.charge(in.gas().keccakWordsCost(len)) || !expand(f, in, offset, len)) {
            return false;
        }
        if (len == 0) {
            // The offset may be any value (memory is not expanded for an empty range), so it must not be used.
            WordMath.fromBytes32(s, sp - 8, Keccak256.EMPTY.array(), 0);
        } else {
            Keccak256.hashToWord(in.memory().buffer(), f.memoryBase + (int) offset, (int) len, s, sp - 8);
        }
        f.sp = sp - 4;
        return true;
    }

    /** CALLDATACOPY and CODECOPY: memory offset, source offset, length; zeros past the source's end. */
    /** Copies {@code sourceSize} bytes of {@code source} from {@code sourceBase} (zeros past them) to memory. */
    public static boolean copyToMemory(Frame f, Interpreter in, byte[] source, int sourceBase, int sourceSize) {
        long[] s = in.stack().data();
        int sp = f.sp;
        long memOffset = WordMath.clampedToLong(s, sp - 4);
        long srcOffset = WordMath.clampedToLong(s, sp - 8);
        long len = WordMath.clampedToLong(s, sp - 12);
        f.sp = sp - 12;
        if (!f.charge(in.gas().copyCost(len)) || !expand(f, in, memOffset, len)) {
            return false;
        }
        copyPadded(source, sourceBase, sourceSize, srcOffset, in.memory().buffer(), f.memoryBase + memOffset, len);
        return true;
    }

    /** RETURNDATACOPY: halts when the range reaches past the return data (EIP-211). */
    public static boolean returnDataCopy(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int sp = f.sp;
        long memOffset = WordMath.clampedToLong(s, sp - 4);
        long srcOffset = WordMath.clampedToLong(s, sp - 8);
        long len = WordMath.clampedToLong(s, sp - 12);
        f.sp = sp - 12;
        if (Words.clampedAdd(srcOffset, len) > f.returnData.length) {
            f.halt(HaltReason.RETURN_DATA_OUT_OF_BOUNDS);
            return false;
        }
        if (!f.charge(in.gas().copyCost(len)) || !expand(f, in, memOffset, len)) {
            return false;
        }
        if (len > 0) {
            System.arraycopy(f.returnData, (int) srcOffset, in.memory().buffer(), f.memoryBase + (int) memOffset,
                    (int) len);
        }
        return true;
    }

    /** Copies {@code len} bytes of {@code src} from {@code srcOffset}, zero-filling past its end. */
    static void copyPadded(byte[] src, int srcBase, int srcSize, long srcOffset, byte[] dst, long dstOffset,
                           long len) {
        if (len == 0) {
            return;
        }
        int d = (int) dstOffset;
        int n = srcOffset >= srcSize ? 0 : (int) Math.min(len, srcSize - srcOffset);
        if (n > 0) {
            System.arraycopy(src, srcBase + (int) srcOffset, dst, d, n);
        }
        Arrays.fill(dst, d + n, d + (int) len, (byte) 0);
    }

    /** A memory region as a sub-call's input, without copying it (see {@link CallData}). */
    public static CallData view(Frame f, Interpreter in, long offset, long len) {
        return len == 0 ? CallData.NONE : new CallData(in.memory().buffer(), f.memoryBase + (int) offset, (int) len);
    }

    /** A copy of a memory region, for return data, logs and init code. */
    public static byte[] read(Frame f, Interpreter in, long offset, long len) {
        if (len == 0) {
            return Frame.NO_DATA;
        }
        int start = f.memoryBase + (int) offset;
        return Arrays.copyOfRange(in.memory().buffer(), start, start + (int) len);
    }
}
