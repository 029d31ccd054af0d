package io.cqt.refiner.evm.ops;

import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.frame.Frame;
import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.evm.gas.GasCalculator;
import io.cqt.refiner.evm.interp.Interpreter;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.evm.word.WordMath;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;

/**
 * Operations that read or write the world state: BALANCE, SELFBALANCE, EXTCODE*, SLOAD, SSTORE, TLOAD, TSTORE and
 * LOG. Access costs follow EIP-2929 (cold on first touch in the transaction, warm after). Each returns false after
 * halting the frame.
 */
public final class HostOps {
    private HostOps() {
    }

    /** Charges the EIP-2929 account access cost and warms the address. */
    static boolean chargeAccountAccess(Frame f, Interpreter in, Address address) {
        GasCalculator g = in.gas();
        return f.charge(in.state().warmAddress(address) ? g.coldAccountAccessCost() : g.warmAccessCost());
    }

    public static boolean balance(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int i = f.sp - 4;
        Address address = StackOps.addressAt(s, i);
        if (!chargeAccountAccess(f, in, address)) {
            return false;
        }
        StackOps.setWord(s, i, in.state().balance(address));
        return true;
    }

    public static void selfBalance(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        StackOps.setWord(s, f.sp, in.state().balance(f.address));
        f.sp += 4;
    }

    public static boolean extCodeSize(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int i = f.sp - 4;
        Address address = StackOps.addressAt(s, i);
        if (!chargeAccountAccess(f, in, address)) {
            return false;
        }
        WordMath.setLong(s, i, in.state().code(address).size());
        return true;
    }

    /** EXTCODEHASH (EIP-1052): zero for an empty or missing account. */
    public static boolean extCodeHash(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int i = f.sp - 4;
        Address address = StackOps.addressAt(s, i);
        if (!chargeAccountAccess(f, in, address)) {
            return false;
        }
        JournaledState state = in.state();
        if (state.isEmpty(address)) {
            WordMath.setLong(s, i, 0);
        } else {
            WordMath.fromBytes32(s, i, state.codeHash(address).array(), 0);
        }
        return true;
    }

    public static boolean extCodeCopy(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int sp = f.sp;
        Address address = StackOps.addressAt(s, sp - 4);
        long memOffset = WordMath.clampedToLong(s, sp - 8);
        long codeOffset = WordMath.clampedToLong(s, sp - 12);
        long len = WordMath.clampedToLong(s, sp - 16);
        f.sp = sp - 16;
        if (!chargeAccountAccess(f, in, address) || !f.charge(in.gas().copyCost(len))
                || !MemoryOps.expand(f, in, memOffset, len)) {
            return false;
        }
        Code code = in.state().code(address);
        MemoryOps.copyPadded(code.raw(), 0, code.raw().length, codeOffset, in.memory().buffer(), f.memoryBase + memOffset, len);
        return true;
    }

    public static boolean sload(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int i = f.sp - 4;
        JournaledState state = in.state();
        GasCalculator g = in.gas();
        if (!f.charge(state.warmSlot(f.address, s, i) ? g.coldSloadCost() : g.warmAccessCost())) {
            return false;
        }
        StackOps.setWord(s, i, state.storage(f.address, s, i)); // the key is read before the word is replaced
        return true;
    }

    /** SSTORE with EIP-2200 net metering, EIP-2929 cold surcharge and EIP-3529 refunds. */
    public static boolean sstore(Frame f, Interpreter in) {
        if (f.isStatic) {
            f.halt(HaltReason.STATIC_CALL_VIOLATION);
            return false;
        }
        GasCalculator g = in.gas();
        if (f.gas <= g.sstoreSentry()) {
            f.halt(HaltReason.OUT_OF_GAS);
            return false;
        }
        long[] s = in.stack().data();
        int sp = f.sp;
        int key = sp - 4; // the key stays readable above the new stack pointer until this returns
        UInt256 value = StackOps.wordAt(s, sp - 8);
        f.sp = sp - 8;
        JournaledState state = in.state();
        boolean cold = state.warmSlot(f.address, s, key);
        UInt256 current = state.storage(f.address, s, key);
        UInt256 original = state.originalStorage(f.address, s, key);
        if (!f.charge(g.sstoreCost(original, current, value, cold))) {
            return false;
        }
        long refund = g.sstoreRefund(original, current, value);
        if (refund != 0) {
            state.addRefund(refund);
        }
        if (!current.equals(value)) {
            state.setStorage(f.address, s, key, value);
        }
        return true;
    }

    /** TLOAD (EIP-1153). */
    public static void tload(Frame f, Interpreter in) {
        long[] s = in.stack().data();
        int i = f.sp - 4;
        StackOps.setWord(s, i, in.state().transientStorage(f.address, StackOps.wordAt(s, i)));
    }

    /** TSTORE (EIP-1153): not allowed in a static context. */
    public static boolean tstore(Frame f, Interpreter in) {
        if (f.isStatic) {
            f.halt(HaltReason.STATIC_CALL_VIOLATION);
            return false;
        }
        long[] s = in.stack().data();
        int sp = f.sp;
        in.state().setTransientStorage(f.address, StackOps.wordAt(s, sp - 4), StackOps.wordAt(s, sp - 8));
        f.sp = sp - 8;
        return true;
    }

    /** LOG0..LOG4: offset, length, then the topics. */
    public static boolean log(Frame f, Interpreter in, int topics) {
        if (f.isStatic) {
            f.halt(HaltReason.STATIC_CALL_VIOLATION);
            return false;
        }
        long[] s = in.stack().data();
        int sp = f.sp;
        long offset = WordMath.clampedToLong(s, sp - 4);
        long len = WordMath.clampedToLong(s, sp - 8);
        if (!f.charge(in.gas().logDataCost(len)) || !MemoryOps.expand(f, in, offset, len)) {
            return false;
        }
        Hash[] t = new Hash[topics];
        for (int k = 0; k < topics; k++) {
            byte[] b = new byte[32];
            WordMath.toBytes32(s, sp - 12 - 4 * k, b, 0);
            t[k] = Hash.wrap(b);
        }
        f.sp = sp - 8 - 4 * topics;
        Log log = new Log(f.address, java.util.List.of(t), MemoryOps.read(f, in, offset, len));
        if (in.tracer() != null) {
            in.tracer().onLog(log, in.state().logCount());
        }
        in.state().addLog(log);
        return true;
    }
}
