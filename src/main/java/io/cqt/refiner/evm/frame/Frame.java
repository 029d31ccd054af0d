package io.cqt.refiner.evm.frame;

import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;

/**
 * One message call or contract creation in progress. The stack and memory live in the transaction's shared
 * {@link Stack} and {@link Memory}; this holds the frame's offsets into them and its registers. Mutable and owned by
 * the interpreter's loop.
 */
public final class Frame {
    public static final byte[] NO_DATA = new byte[0];

    /** The opcode that made this frame (CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2). */
    public final int kind;
    /** The account whose storage and balance the code acts on (ADDRESS). */
    public final Address address;
    public final Address caller;
    public final UInt256 value;
    public final CallData input;
    public final Code code;
    public final boolean isStatic;
    public final int depth;
    /** The journal position to revert to if this frame fails. */
    public final int checkpoint;
    /** First limb of this frame's stack in {@link Stack#data()}. */
    public final int stackBase;
    /** First byte of this frame's memory in {@link Memory#buffer()}. */
    public final int memoryBase;
    /** The gas the frame started with, so a tracer can tell what it used. */
    public final long startGas;

    public int pc;
    public long gas;
    /** One past the top limb of the stack (absolute index into {@link Stack#data()}). */
    public int sp;
    /** Memory size in bytes, always a multiple of 32. */
    public int memorySize;
    /** Memory gas paid so far, so an expansion pays only the difference. */
    public long memoryCost;
    /** Output of the most recent sub-call (RETURNDATASIZE/RETURNDATACOPY). */
    public byte[] returnData = NO_DATA;

    /** Null while running. */
    public HaltReason halt;
    public byte[] output = NO_DATA;

    /** Where a pending sub-call's output goes in this frame's memory. */
    public long returnOffset;
    public long returnSize;

    public Frame(int kind, Address address, Address caller, UInt256 value, CallData input, Code code,
                 boolean isStatic, int depth, int checkpoint, long gas, int stackBase, int memoryBase) {
        this.kind = kind;
        this.address = address;
        this.caller = caller;
        this.value = value;
        this.input = input;
        this.code = code;
        this.isStatic = isStatic;
        this.depth = depth;
        this.checkpoint = checkpoint;
        this.gas = gas;
        this.startGas = gas;
        this.stackBase = stackBase;
        this.sp = stackBase;
        this.memoryBase = memoryBase;
    }

    /** Stops the frame; an exceptional halt consumes its gas. */
    public void halt(HaltReason reason) {
        halt = reason;
        if (reason.exceptional()) {
            gas = 0;
        }
    }

    /** Charges gas; halts out of gas and returns false when there is not enough. */
    public boolean charge(long amount) {
        if (Long.compareUnsigned(amount, gas) > 0) {
            halt(HaltReason.OUT_OF_GAS);
            return false;
        }
        gas -= amount;
        return true;
    }
}
