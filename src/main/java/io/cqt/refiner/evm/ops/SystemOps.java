package io.cqt.refiner.evm.ops;

import static io.cqt.refiner.evm.code.Opcodes.CALL;
import static io.cqt.refiner.evm.code.Opcodes.CALLCODE;
import static io.cqt.refiner.evm.code.Opcodes.CREATE2;
import static io.cqt.refiner.evm.code.Opcodes.DELEGATECALL;
import static io.cqt.refiner.evm.code.Opcodes.SELFDESTRUCT;
import static io.cqt.refiner.evm.code.Opcodes.STATICCALL;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.frame.CallData;
import io.cqt.refiner.evm.frame.Frame;
import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.evm.gas.GasCalculator;
import io.cqt.refiner.evm.interp.ContractAddress;
import io.cqt.refiner.evm.interp.Delegation;
import io.cqt.refiner.evm.interp.Interpreter;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.word.WordMath;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;

/**
 * CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2, RETURN, REVERT and SELFDESTRUCT. Calls and creations
 * charge their gas here and hand the message to the interpreter, which pushes a frame; they return true when the
 * current frame must yield (halted, or a sub-frame is now on top).
 */
public final class SystemOps {
    private static final long MAX_NONCE = -1L; // 2^64 - 1 as an unsigned long (EIP-2681)

    private SystemOps() {
    }

    public static boolean call(Frame f, Interpreter in, int kind) {
        long[] s = in.stack().data();
        int p = f.sp - 4;
        long requested = WordMath.clampedToLong(s, p);
        Address to = StackOps.addressAt(s, p - 4);
        p -= 8;
        UInt256 value = UInt256.ZERO;
        if (kind == CALL || kind == CALLCODE) {
            value = StackOps.wordAt(s, p);
            p -= 4;
        }
        long inOffset = WordMath.clampedToLong(s, p);
        long inSize = WordMath.clampedToLong(s, p - 4);
        long outOffset = WordMath.clampedToLong(s, p - 8);
        long outSize = WordMath.clampedToLong(s, p - 12);
        f.sp = p - 12;
        boolean transfersValue = !value.isZero();
        if (kind == CALL && transfersValue && f.isStatic) {
            f.halt(HaltReason.STATIC_CALL_VIOLATION);
            return true;
        }
        if (!MemoryOps.expand(f, in, inOffset, inSize) || !MemoryOps.expand(f, in, outOffset, outSize)) {
            return true;
        }
        GasCalculator g = in.gas();
        JournaledState state = in.state();
        long cost = state.warmAddress(to) ? g.coldAccountAccessCost() : g.warmAccessCost();
        if (transfersValue) {
            cost += g.callValueTransferCost();
            if (kind == CALL && state.isEmpty(to)) {
                cost += g.newAccountCost();
            }
        }
        if (in.spec().setCodeTransactions()) {
            Code code = state.code(to);
            if (Delegation.isDesignator(code)) {
                // EIP-7702: loading the delegate's code is an account access of its own.
                cost += state.warmAddress(Delegation.target(code.raw())) ? g.coldAccountAccessCost()
                        : g.warmAccessCost();
            }
        }
        if (!f.charge(cost)) {
            return true;
        }
        long callGas = g.callGas(f.gas, requested);
        f.gas -= callGas;
        if (transfersValue) {
            callGas += g.callStipend();
        }
        f.returnOffset = outOffset;
        f.returnSize = outSize;
        boolean tooDeep = f.depth >= Interpreter.MAX_CALL_DEPTH;
        if (tooDeep || (transfersValue && state.balance(f.address).compareTo(value) < 0)) {
            UInt256 traced = kind == DELEGATECALL ? f.value : value;
            in.refuse(f, kind, () -> to, traced, () -> MemoryOps.read(f, in, inOffset, inSize), callGas,
                    tooDeep ? "max call depth exceeded" : "insufficient balance for transfer");
            return false;
        }
        CallData input = MemoryOps.view(f, in, inOffset, inSize);
        return switch (kind) {
            case CALL -> in.startCall(f, kind, f.address, to, to, value, input, callGas, f.isStatic);
            case CALLCODE -> in.startCall(f, kind, f.address, f.address, to, value, input, callGas, f.isStatic);
            case DELEGATECALL -> in.startCall(f, kind, f.caller, f.address, to, f.value, input, callGas,
                    f.isStatic);
            case STATICCALL -> in.startCall(f, kind, f.address, to, to, UInt256.ZERO, input, callGas, true);
            default -> throw new IllegalArgumentException("not a call opcode: " + kind);
        };
    }

    public static boolean create(Frame f, Interpreter in, int kind) {
        if (f.isStatic) {
            f.halt(HaltReason.STATIC_CALL_VIOLATION);
            return true;
        }
        long[] s = in.stack().data();
        int sp = f.sp;
        UInt256 value = StackOps.wordAt(s, sp - 4);
        long offset = WordMath.clampedToLong(s, sp - 8);
        long len = WordMath.clampedToLong(s, sp - 12);
        byte[] salt = null;
        if (kind == CREATE2) {
            salt = new byte[32];
            WordMath.toBytes32(s, sp - 16, salt, 0);
        }
        f.sp = sp - (kind == CREATE2 ? 16 : 12);
        GasCalculator g = in.gas();
        if (len > g.maxInitcodeSize()) {
            f.halt(HaltReason.INITCODE_TOO_LARGE);
            return true;
        }
        long cost = g.initcodeCost(len) + (kind == CREATE2 ? g.create2HashCost(len) : 0);
        if (!MemoryOps.expand(f, in, offset, len) || !f.charge(cost)) {
            return true;
        }
        byte[] initcode = MemoryOps.read(f, in, offset, len);
        long callGas = g.callGas(f.gas, f.gas);
        f.gas -= callGas;
        JournaledState state = in.state();
        long nonce = state.nonce(f.address);
        String refused = f.depth >= Interpreter.MAX_CALL_DEPTH ? "max call depth exceeded"
                : state.balance(f.address).compareTo(value) < 0 ? "insufficient balance for transfer"
                : nonce == MAX_NONCE ? "nonce uint64 overflow" : null;
        if (refused != null) {
            byte[] salted = salt;
            in.refuse(f, kind, () -> kind == CREATE2
                            ? ContractAddress.create2(f.address, salted, Keccak256.hash(initcode))
                            : ContractAddress.create(f.address, nonce), value, () -> initcode, callGas, refused);
            return false;
        }
        state.setNonce(f.address, nonce + 1);
        Address address = kind == CREATE2
                ? ContractAddress.create2(f.address, salt, Keccak256.hash(initcode))
                : ContractAddress.create(f.address, nonce);
        return in.startCreate(f, kind, address, value, initcode, callGas);
    }

    public static void returnOrRevert(Frame f, Interpreter in, HaltReason reason) {
        long[] s = in.stack().data();
        int sp = f.sp;
        long offset = WordMath.clampedToLong(s, sp - 4);
        long len = WordMath.clampedToLong(s, sp - 8);
        f.sp = sp - 8;
        if (!MemoryOps.expand(f, in, offset, len)) {
            return;
        }
        f.output = MemoryOps.read(f, in, offset, len);
        f.halt(reason);
    }

    /**
     * SELFDESTRUCT: the balance goes to the beneficiary; the account is deleted at the end of the transaction only
     * when it was created in it (EIP-6780, from Cancun) or always (before Cancun).
     */
    public static void selfdestruct(Frame f, Interpreter in) {
        if (f.isStatic) {
            f.halt(HaltReason.STATIC_CALL_VIOLATION);
            return;
        }
        long[] s = in.stack().data();
        Address beneficiary = StackOps.addressAt(s, f.sp - 4);
        f.sp -= 4;
        JournaledState state = in.state();
        boolean cold = state.warmAddress(beneficiary);
        UInt256 balance = state.balance(f.address);
        boolean newAccount = !balance.isZero() && state.isEmpty(beneficiary);
        if (!f.charge(in.gas().selfdestructCost(cold, newAccount))) {
            return;
        }
        state.subBalance(f.address, balance);
        state.addBalance(beneficiary, balance);
        Tracer tracer = in.tracer();
        if (tracer != null) {
            // geth reports the transfer as a frame of its own, below the destroyed contract's.
            tracer.onEnter(f.depth + 1, SELFDESTRUCT, f.address, beneficiary, Frame.NO_DATA, 0, balance);
            tracer.onExit(f.depth + 1, Frame.NO_DATA, 0, null);
        }
        if (!in.spec().selfdestructOnlyInCreatingTx() || state.createdInThisTx(f.address)) {
            // A destroyed account holds nothing from here on: with itself as beneficiary the balance is burned.
            state.subBalance(f.address, state.balance(f.address));
            state.selfdestruct(f.address);
        }
        f.halt(HaltReason.SELFDESTRUCT);
    }
}
