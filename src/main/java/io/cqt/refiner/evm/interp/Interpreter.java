package io.cqt.refiner.evm.interp;

import static io.cqt.refiner.evm.code.Opcodes.*;

import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.fork.InstructionTable;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.frame.CallData;
import io.cqt.refiner.evm.frame.Frame;
import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.evm.frame.Memory;
import io.cqt.refiner.evm.frame.Stack;
import io.cqt.refiner.evm.frame.TxContext;
import io.cqt.refiner.evm.gas.GasCalculator;
import io.cqt.refiner.evm.ops.BlockOps;
import io.cqt.refiner.evm.ops.HostOps;
import io.cqt.refiner.evm.ops.MemoryOps;
import io.cqt.refiner.evm.ops.StackOps;
import io.cqt.refiner.evm.ops.SystemOps;
import io.cqt.refiner.evm.ops.TxOps;
import io.cqt.refiner.evm.precompile.Precompile;
import io.cqt.refiner.evm.precompile.PrecompileResult;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.word.WordMath;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.function.Supplier;

/**
 * Runs one transaction's messages. Call depth is an explicit frame stack, not Java recursion: a CALL or CREATE
 * pushes a frame and returns to the loop, and a halted frame's result is applied to its caller when it is popped.
 * Each instruction is checked against the fork's {@link InstructionTable} (defined, stack bounds, constant gas) once,
 * then dispatched through a {@code switch} to static operations. One instance per transaction; not thread-safe.
 */
public final class Interpreter {
    public static final int MAX_CALL_DEPTH = 1024;

    private final ForkSpec spec;
    private final GasCalculator gas;
    private final InstructionTable table;
    private final PrecompileSet precompiles;
    private final JournaledState state;
    private final BlockContext block;
    private final TxContext tx;
    private final Stack stack;
    private final Memory memory;
    private final ArrayList<Frame> frames = new ArrayList<>();
    /** Null when nothing traces this execution: every hook below is then one null check per message. */
    private final Tracer tracer;

    // The outcome of a message that finished without a frame (precompile, empty code, early failure).
    private HaltReason doneReason;
    private long doneGas;
    private byte[] doneOutput;
    // With PRECOMPILE_FAILURE: the precompile's own error text, which geth's tracer shows.
    private String donePrecompileError;
    // Set by finish(): the frame ran out of gas paying for its code deposit (geth names it apart).
    private boolean depositOutOfGas;

    public Interpreter(ForkSpec spec, PrecompileSet precompiles, JournaledState state, BlockContext block,
                       TxContext tx) {
        this(spec, precompiles, state, block, tx, new Stack(), new Memory());
    }

    /**
     * @param stack  a stack to reuse (a transaction's frames start at its base, so leftovers are never read)
     * @param memory a memory to reuse (expansion zero-fills, so leftovers are never read)
     */
    public Interpreter(ForkSpec spec, PrecompileSet precompiles, JournaledState state, BlockContext block,
                       TxContext tx, Stack stack, Memory memory) {
        this(spec, precompiles, state, block, tx, stack, memory, null);
    }

    /** @param tracer told of every message, log and end of frame; null for none */
    public Interpreter(ForkSpec spec, PrecompileSet precompiles, JournaledState state, BlockContext block,
                       TxContext tx, Stack stack, Memory memory, Tracer tracer) {
        this.tracer = tracer;
        this.stack = stack;
        this.memory = memory;
        this.spec = spec;
        this.gas = spec.gas();
        this.table = spec.table();
        this.precompiles = precompiles;
        this.state = state;
        this.block = block;
        this.tx = tx;
    }

    public ForkSpec spec() {
        return spec;
    }

    public GasCalculator gas() {
        return gas;
    }

    public PrecompileSet precompiles() {
        return precompiles;
    }

    public JournaledState state() {
        return state;
    }

    public BlockContext block() {
        return block;
    }

    public TxContext tx() {
        return tx;
    }

    public Stack stack() {
        return stack;
    }

    public Memory memory() {
        return memory;
    }

    /** The tracer, or null. */
    public Tracer tracer() {
        return tracer;
    }

    // ---------------------------------------------------------------- top-level messages

    /** A transaction's message call; the caller has checked the sender's balance covers {@code value}. */
    public MessageResult call(Address caller, Address to, UInt256 value, byte[] input, long gasLimit) {
        Frame root = enterCall(CALL, null, caller, to, to, value, CallData.of(input), gasLimit, false, 0);
        if (root == null) {
            traceDone(0, gasLimit);
            return new MessageResult(doneReason, doneGas, doneOutput, null);
        }
        return run(root);
    }

    /** A transaction's contract creation at {@code address}; the caller has already bumped the sender's nonce. */
    public MessageResult create(Address caller, Address address, UInt256 value, byte[] initcode, long gasLimit) {
        Frame root = enterCreate(CREATE, null, caller, address, value, initcode, gasLimit, 0);
        if (root == null) {
            traceDone(0, gasLimit);
            return new MessageResult(doneReason, doneGas, doneOutput, doneReason.success() ? address : null);
        }
        return run(root);
    }

    private MessageResult run(Frame root) {
        frames.add(root);
        while (true) {
            Frame f = frames.get(frames.size() - 1);
            execute(f);
            if (f.halt == null) {
                continue; // it started a sub-call, now on top
            }
            byte[] traced = finish(f);
            if (tracer != null) {
                tracer.onExit(f.depth, traced, f.startGas - f.gas, errorText(f));
            }
            frames.remove(frames.size() - 1);
            boolean created = isCreate(f.kind) && f.halt.success();
            if (frames.isEmpty()) {
                return new MessageResult(f.halt, f.gas, f.output, created ? f.address : null);
            }
            resume(frames.get(frames.size() - 1), f.kind, f.halt, f.gas, f.output, created ? f.address : null);
        }
    }

    // ---------------------------------------------------------------- sub-messages (used by SystemOps)

    /**
     * Starts a sub-call from {@code parent}, whose arguments are already popped and gas already charged. Returns
     * true when a new frame was pushed (the parent's loop must yield).
     */
    public boolean startCall(Frame parent, int kind, Address caller, Address address, Address codeAddress,
                             UInt256 value, CallData input, long callGas, boolean isStatic) {
        Frame child = enterCall(kind, parent, caller, address, codeAddress, value, input, callGas, isStatic,
                parent.depth + 1);
        if (child == null) {
            traceDone(parent.depth + 1, callGas);
            resume(parent, kind, doneReason, doneGas, doneOutput, null);
            return false;
        }
        frames.add(child);
        return true;
    }

    /** Starts a creation from {@code parent}; the nonce is bumped and the gas charged. True when a frame was pushed. */
    public boolean startCreate(Frame parent, int kind, Address address, UInt256 value, byte[] initcode,
                               long callGas) {
        Frame child = enterCreate(kind, parent, parent.address, address, value, initcode, callGas, parent.depth + 1);
        if (child == null) {
            traceDone(parent.depth + 1, callGas);
            resume(parent, kind, doneReason, doneGas, doneOutput, doneReason.success() ? address : null);
            return false;
        }
        frames.add(child);
        return true;
    }

    /**
     * A sub-message refused before it starts (call depth, the caller's balance, its nonce): the caller gets the gas
     * back and a failure. A tracer still sees the frame, as geth reports it, with {@code why} as its error.
     *
     * @param to    the callee (the code's account for DELEGATECALL and CALLCODE), or the creation's address; only
     *              read when tracing
     * @param input the call's input or the init code; only read when tracing
     */
    public void refuse(Frame parent, int kind, Supplier<Address> to, UInt256 value,
                       Supplier<byte[]> input, long callGas, String why) {
        if (tracer != null) {
            int depth = parent.depth + 1;
            tracer.onEnter(depth, kind, parent.address, to.get(), input.get(), callGas, value);
            tracer.onExit(depth, Frame.NO_DATA, 0, why);
        }
        resume(parent, kind, HaltReason.REVERT, callGas, Frame.NO_DATA, null);
    }

    /** Applies a finished sub-message to its caller: gas back, return data, memory output, and the pushed result. */
    public void resume(Frame parent, int kind, HaltReason reason, long gasLeft, byte[] output, Address created) {
        parent.gas += gasLeft;
        long[] s = stack.data();
        int sp = parent.sp;
        if (isCreate(kind)) {
            parent.returnData = reason == HaltReason.REVERT ? output : Frame.NO_DATA;
            if (created != null) {
                StackOps.pushAddress(s, sp, created);
            } else {
                WordMath.setLong(s, sp, 0);
            }
        } else {
            parent.returnData = output;
            int n = (int) Math.min(parent.returnSize, output.length);
            if (n > 0) {
                System.arraycopy(output, 0, memory.buffer(), parent.memoryBase + (int) parent.returnOffset, n);
            }
            WordMath.setLong(s, sp, reason.success() ? 1 : 0);
        }
        parent.sp = sp + 4;
    }

    private Frame enterCall(int kind, Frame parent, Address caller, Address address, Address codeAddress,
                            UInt256 value, CallData input, long callGas, boolean isStatic, int depth) {
        if (tracer != null) {
            // DELEGATECALL and CALLCODE run as the caller's frame: geth reports them from it, to the code's account.
            tracer.onEnter(depth, kind, parent == null ? caller : parent.address, codeAddress, input.copy(), callGas,
                    value);
        }
        Precompile precompile = precompiles.get(codeAddress);
        if (kind == CALL && precompile == null && value.isZero() && !state.exists(address)) {
            // EIP-161: a zero-value call to a missing account neither creates nor touches it.
            return done(HaltReason.STOP, callGas, Frame.NO_DATA);
        }
        int checkpoint = state.checkpoint();
        if (kind == CALL) {
            state.transfer(caller, address, value);
        } else if (kind == STATICCALL) {
            state.addBalance(address, UInt256.ZERO); // touches the callee, as a zero-value transfer would
        }
        if (precompile != null) {
            byte[] bytes = input.copy();
            long cost = precompile.gas(bytes);
            if (Long.compareUnsigned(cost, callGas) > 0) {
                state.revert(checkpoint);
                return done(HaltReason.OUT_OF_GAS, 0, Frame.NO_DATA);
            }
            PrecompileResult result = precompile.run(bytes);
            if (!result.success()) {
                state.revert(checkpoint);
                donePrecompileError = result.error();
                return done(HaltReason.PRECOMPILE_FAILURE, 0, Frame.NO_DATA);
            }
            return done(HaltReason.RETURN, callGas - cost, result.output());
        }
        Code code = state.code(codeAddress);
        if (spec.setCodeTransactions() && Delegation.isDesignator(code)) {
            // EIP-7702: run the delegate's code, one level only; a precompile delegate counts as empty code.
            Address delegate = Delegation.target(code.raw());
            code = precompiles.contains(delegate) ? Code.EMPTY : state.code(delegate);
        }
        if (code.size() == 0) {
            return done(HaltReason.STOP, callGas, Frame.NO_DATA);
        }
        return newFrame(kind, parent, address, caller, value, input, code, isStatic, depth, checkpoint, callGas);
    }

    private Frame enterCreate(int kind, Frame parent, Address caller, Address address, UInt256 value,
                              byte[] initcode, long callGas, int depth) {
        if (tracer != null) {
            tracer.onEnter(depth, kind, caller, address, initcode, callGas, value);
        }
        state.warmAddress(address);
        if (state.hasCollision(address)) {
            return done(HaltReason.CREATE_COLLISION, 0, Frame.NO_DATA);
        }
        int checkpoint = state.checkpoint();
        state.createAccount(address);
        state.transfer(caller, address, value);
        if (initcode.length == 0) {
            return done(HaltReason.STOP, callGas, Frame.NO_DATA);
        }
        return newFrame(kind, parent, address, caller, value, CallData.NONE, Code.initcode(initcode), false, depth,
                checkpoint, callGas);
    }

    private Frame newFrame(int kind, Frame parent, Address address, Address caller, UInt256 value, CallData input,
                           Code code, boolean isStatic, int depth, int checkpoint, long callGas) {
        int stackBase = parent == null ? 0 : parent.sp;
        stack.ensureFrame(stackBase);
        int memoryBase = parent == null ? 0 : parent.memoryBase + parent.memorySize;
        return new Frame(kind, address, caller, value, input, code, isStatic, depth, checkpoint, callGas, stackBase,
                memoryBase);
    }

    private Frame done(HaltReason reason, long gasLeft, byte[] output) {
        doneReason = reason;
        doneGas = gasLeft;
        doneOutput = output;
        return null;
    }

    /**
     * Code deposit for creations (EIP-170, EIP-3541), then commit or revert the frame's changes.
     *
     * @return the frame's output as a tracer reports it: a creation's deployed code, else its output
     */
    private byte[] finish(Frame f) {
        byte[] traced = f.output;
        depositOutOfGas = false;
        if (isCreate(f.kind) && f.halt.success()) {
            byte[] out = f.output;
            if (out.length > gas.maxCodeSize()) {
                f.halt(HaltReason.CODE_TOO_LARGE);
            } else if (out.length > 0 && out[0] == (byte) 0xef) {
                f.halt(HaltReason.INVALID_CODE_PREFIX);
            } else if (f.charge(gas.codeDepositCost(out.length))) {
                state.setCode(f.address, out);
                f.output = Frame.NO_DATA;
            } else {
                depositOutOfGas = true;
            }
        }
        if (!f.halt.success()) {
            state.revert(f.checkpoint);
            if (f.halt.exceptional()) {
                f.output = Frame.NO_DATA;
            }
            traced = f.output;
        }
        return traced;
    }

    // ---------------------------------------------------------------- tracing (never on the per-opcode path)

    /** Tells the tracer that a message entered at {@code depth} ended without a frame (see {@link #done}). */
    private void traceDone(int depth, long callGas) {
        if (tracer != null) {
            tracer.onExit(depth, doneOutput, callGas - doneGas, errorText(doneReason));
        }
    }

    /** geth's text for a halted frame's error, with the opcode and stack counts its stack and opcode errors name. */
    private String errorText(Frame f) {
        HaltReason r = f.halt;
        if (r == HaltReason.OUT_OF_GAS && depositOutOfGas) {
            return "contract creation code storage out of gas";
        }
        if (r == HaltReason.INVALID_OPCODE || r == HaltReason.STACK_UNDERFLOW || r == HaltReason.STACK_OVERFLOW) {
            int op = f.code.padded()[f.pc] & 0xff; // these halts stop before the pc moves on
            int items = (f.sp - f.stackBase) >> 2;
            return switch (r) {
                case INVALID_OPCODE -> "invalid opcode: " + gethOpcodeName(op);
                case STACK_UNDERFLOW -> "stack underflow (" + items + " <=> " + table.minStack(op) + ")";
                default -> "stack limit reached " + items + " (" + table.maxStack(op) + ")";
            };
        }
        return errorText(r);
    }

    /** geth's error text for a halt (core/vm/errors.go, a precompile's its own), null for a success. */
    private String errorText(HaltReason reason) {
        return switch (reason) {
            case STOP, RETURN, SELFDESTRUCT -> null;
            case REVERT -> "execution reverted";
            case OUT_OF_GAS -> "out of gas";
            case INVALID_OPCODE -> "invalid opcode";
            case STACK_UNDERFLOW -> "stack underflow";
            case STACK_OVERFLOW -> "stack limit reached";
            case INVALID_JUMP -> "invalid jump destination";
            case STATIC_CALL_VIOLATION -> "write protection";
            case RETURN_DATA_OUT_OF_BOUNDS -> "return data out of bounds";
            case INVALID_CODE_PREFIX -> "invalid code: must not begin with 0xef";
            case CODE_TOO_LARGE -> "max code size exceeded";
            case INITCODE_TOO_LARGE -> "max initcode size exceeded";
            case CREATE_COLLISION -> "contract address collision";
            case PRECOMPILE_FAILURE -> donePrecompileError; // only a message without a frame ends so
        };
    }

    /** An opcode as geth prints it: its mnemonic, or {@code opcode 0xc not defined}. */
    private static String gethOpcodeName(int op) {
        String name = name(op);
        return name.startsWith("0x") ? "opcode 0x" + Integer.toHexString(op) + " not defined" : name;
    }

    private static boolean isCreate(int kind) {
        return kind == CREATE || kind == CREATE2;
    }

    // ---------------------------------------------------------------- the loop

    /**
     * Runs {@code f} until it halts or starts a sub-message. The pc, stack pointer and gas live in locals; the
     * stack, arithmetic, PUSH/DUP/SWAP and jump opcodes work on them alone, and every other opcode gets them written
     * back to the frame first ({@link #executeOther}), since it may read them, halt or start a sub-message. A
     * straight-line run of the former ({@link StraightRuns}) is checked and charged once, then run unchecked; an
     * opcode outside a run, or a run whose check fails (so that the opcode that fails is the one that halts), is
     * checked alone.
     */
    private void execute(Frame f) {
        final long[] s = stack.data();
        final long[] t = stack.scratch();
        final byte[] code = f.code.padded();
        final long[] jumpDests = f.code.jumpDests();
        final int[] runs = StraightRuns.of(f.code, table);
        final long codeSize = f.code.size();
        final long[] checks = table.checksArray();
        // the opcodes a run may reach that not every fork has: it ends before them where the fork lacks them
        final boolean push0 = table.defined(PUSH0);
        final boolean clz = table.defined(CLZ);
        final int base = f.stackBase;
        int pc = f.pc;
        int sp = f.sp;
        long gas = f.gas;
        loop:
        while (true) {
            int run = runs[pc];
            int items = (sp - base) >> 2;
            boolean inRun = run != 0 && gas >= StraightRuns.gas(run)
                    && Integer.compareUnsigned(items - StraightRuns.minItems(run), StraightRuns.itemsRange(run)) <= 0;
            if (inRun) {
                gas -= StraightRuns.gas(run);
                if (code[pc] == (byte) JUMPDEST) {
                    pc++; // charged with the run and doing nothing else: not dispatched (most runs start at one)
                }
            } else {
                int op = code[pc] & 0xff;
                long check = checks[op];
                if (check == 0 || Integer.compareUnsigned(items - InstructionTable.checkedMinStack(check),
                        InstructionTable.checkedRange(check)) > 0) {
                    // stack and opcode errors name the opcode at the pc
                    halt(f, pc, sp, !table.defined(op) ? HaltReason.INVALID_OPCODE
                            : items < table.minStack(op) ? HaltReason.STACK_UNDERFLOW : HaltReason.STACK_OVERFLOW);
                    return;
                }
                gas -= InstructionTable.checkedGas(check);
                if (gas < 0) {
                    halt(f, pc, sp, HaltReason.OUT_OF_GAS);
                    return;
                }
            }
            do {
                int op = code[pc++] & 0xff;
                switch (op) {
                    case ADD -> { WordMath.add(s, sp - 4, sp - 8); sp -= 4; }
                    case MUL -> { WordMath.mul(s, sp - 4, sp - 8); sp -= 4; }
                    case SUB -> { WordMath.sub(s, sp - 4, sp - 8); sp -= 4; }
                    case DIV -> { WordMath.div(s, sp - 4, sp - 8, t); sp -= 4; }
                    case SDIV -> { WordMath.sdiv(s, sp - 4, sp - 8, t); sp -= 4; }
                    case MOD -> { WordMath.mod(s, sp - 4, sp - 8, t); sp -= 4; }
                    case SMOD -> { WordMath.smod(s, sp - 4, sp - 8, t); sp -= 4; }
                    case ADDMOD -> { WordMath.addmod(s, sp - 4, sp - 8, sp - 12, t); sp -= 8; }
                    case MULMOD -> { WordMath.mulmod(s, sp - 4, sp - 8, sp - 12, t); sp -= 8; }
                    case SIGNEXTEND -> { WordMath.signextend(s, sp - 4, sp - 8); sp -= 4; }
                    case LT -> { WordMath.lt(s, sp - 4, sp - 8); sp -= 4; }
                    case GT -> { WordMath.gt(s, sp - 4, sp - 8); sp -= 4; }
                    case SLT -> { WordMath.slt(s, sp - 4, sp - 8); sp -= 4; }
                    case SGT -> { WordMath.sgt(s, sp - 4, sp - 8); sp -= 4; }
                    case EQ -> { WordMath.eq(s, sp - 4, sp - 8); sp -= 4; }
                    case ISZERO -> WordMath.iszero(s, sp - 4);
                    case AND -> { WordMath.and(s, sp - 4, sp - 8); sp -= 4; }
                    case OR -> { WordMath.or(s, sp - 4, sp - 8); sp -= 4; }
                    case XOR -> { WordMath.xor(s, sp - 4, sp - 8); sp -= 4; }
                    case NOT -> WordMath.not(s, sp - 4);
                    case BYTE -> { WordMath.byteOp(s, sp - 4, sp - 8); sp -= 4; }
                    case SHL -> { WordMath.shl(s, sp - 4, sp - 8); sp -= 4; }
                    case SHR -> { WordMath.shr(s, sp - 4, sp - 8); sp -= 4; }
                    case SAR -> { WordMath.sar(s, sp - 4, sp - 8); sp -= 4; }
                    case CLZ -> {
                        if (!clz) {
                            pc--;
                            continue loop;
                        }
                        WordMath.clz(s, sp - 4);
                    }
                    case POP -> sp -= 4;
                    case JUMP -> {
                        long dest = WordMath.clampedToLong(s, sp - 4);
                        sp -= 4;
                        if (!Code.isJumpDest(jumpDests, codeSize, dest)) {
                            halt(f, pc, sp, HaltReason.INVALID_JUMP);
                            return;
                        }
                        pc = (int) dest;
                        continue loop; // a run ends at its jump
                    }
                    case JUMPI -> {
                        sp -= 8;
                        if ((s[sp] | s[sp + 1] | s[sp + 2] | s[sp + 3]) != 0) {
                            long dest = WordMath.clampedToLong(s, sp + 4);
                            if (!Code.isJumpDest(jumpDests, codeSize, dest)) {
                                halt(f, pc, sp, HaltReason.INVALID_JUMP);
                                return;
                            }
                            pc = (int) dest;
                        }
                        continue loop;
                    }
                    case MLOAD -> {
                        long offset = WordMath.clampedToLong(s, sp - 4);
                        if (offset <= f.memorySize - 32L) { // within memory already paid for: no expansion
                            WordMath.fromBytes32(s, sp - 4, memory.buffer(), f.memoryBase + (int) offset);
                        } else {
                            f.pc = pc;
                            f.sp = sp;
                            f.gas = gas;
                            if (!MemoryOps.mload(f, this)) {
                                return;
                            }
                            gas = f.gas;
                        }
                    }
                    case MSTORE -> {
                        long offset = WordMath.clampedToLong(s, sp - 4);
                        if (offset <= f.memorySize - 32L) {
                            WordMath.toBytes32(s, sp - 8, memory.buffer(), f.memoryBase + (int) offset);
                            sp -= 8;
                        } else {
                            f.pc = pc;
                            f.sp = sp;
                            f.gas = gas;
                            if (!MemoryOps.mstore(f, this)) {
                                return;
                            }
                            sp = f.sp;
                            gas = f.gas;
                        }
                    }
                    case JUMPDEST -> {
                    }
                    case PC -> { WordMath.setLong(s, sp, pc - 1); sp += 4; }
                    case GAS -> {
                        if (inRun) { // a run never holds GAS: its gas was charged ahead
                            pc--;
                            continue loop;
                        }
                        WordMath.setLong(s, sp, gas);
                        sp += 4;
                    }
                    case PUSH0 -> {
                        if (!push0) { // checked alone: invalid in this fork
                            pc--;
                            continue loop;
                        }
                        WordMath.setLong(s, sp, 0);
                        sp += 4;
                    }
                    case PUSH1 -> {
                        WordMath.setLong(s, sp, code[pc] & 0xffL);
                        sp += 4;
                        pc++;
                    }
                    case PUSH2 -> {
                        int value = (code[pc] & 0xff) << 8 | code[pc + 1] & 0xff;
                        int next = code[pc + 2] & 0xff;
                        // PUSH2 then JUMP or JUMPI is how compilers jump: one dispatch for both inside a run, whose
                        // check covered the jump too (a run always holds the jump after its PUSH2)
                        if (inRun && next == JUMP) {
                            pc += 3;
                            if (!Code.isJumpDest(jumpDests, codeSize, value)) {
                                halt(f, pc, sp, HaltReason.INVALID_JUMP);
                                return;
                            }
                            pc = value;
                            continue loop;
                        }
                        if (inRun && next == JUMPI) {
                            sp -= 4;
                            pc += 3;
                            if ((s[sp] | s[sp + 1] | s[sp + 2] | s[sp + 3]) != 0) {
                                if (!Code.isJumpDest(jumpDests, codeSize, value)) {
                                    halt(f, pc, sp, HaltReason.INVALID_JUMP);
                                    return;
                                }
                                pc = value;
                            }
                            continue loop;
                        }
                        WordMath.setLong(s, sp, value);
                        sp += 4;
                        pc += 2;
                    }
                    case PUSH3, PUSH4, PUSH5, PUSH6, PUSH7, PUSH8, PUSH9, PUSH10, PUSH11, PUSH12, PUSH13, PUSH14,
                         PUSH15, PUSH16, PUSH17, PUSH18, PUSH19, PUSH20, PUSH21, PUSH22, PUSH23, PUSH24, PUSH25, PUSH26,
                         PUSH27, PUSH28, PUSH29, PUSH30, PUSH31, PUSH32 -> {
                        int n = op - PUSH1 + 1;
                        WordMath.fromBytes(s, sp, code, pc, n);
                        sp += 4;
                        pc += n;
                    }
                    case DUP1, DUP2, DUP3, DUP4, DUP5, DUP6, DUP7, DUP8, DUP9, DUP10, DUP11, DUP12, DUP13, DUP14, DUP15,
                         DUP16 -> {
                        int from = sp - ((op - DUP1 + 1) << 2);
                        s[sp] = s[from];
                        s[sp + 1] = s[from + 1];
                        s[sp + 2] = s[from + 2];
                        s[sp + 3] = s[from + 3];
                        sp += 4;
                    }
                    case SWAP1, SWAP2, SWAP3, SWAP4, SWAP5, SWAP6, SWAP7, SWAP8, SWAP9, SWAP10, SWAP11, SWAP12, SWAP13,
                         SWAP14, SWAP15, SWAP16 -> {
                        int top = sp - 4;
                        int other = sp - ((op - SWAP1 + 2) << 2);
                        long a0 = s[top];
                        long a1 = s[top + 1];
                        long a2 = s[top + 2];
                        long a3 = s[top + 3];
                        s[top] = s[other];
                        s[top + 1] = s[other + 1];
                        s[top + 2] = s[other + 2];
                        s[top + 3] = s[other + 3];
                        s[other] = a0;
                        s[other + 1] = a1;
                        s[other + 2] = a2;
                        s[other + 3] = a3;
                    }
                    default -> {
                        if (inRun) { // the run ended before this opcode, which is checked alone
                            pc--;
                            continue loop;
                        }
                        f.pc = pc;
                        f.sp = sp;
                        f.gas = gas;
                        if (!executeOther(f, op, s, t)) {
                            return;
                        }
                        pc = f.pc;
                        sp = f.sp;
                        gas = f.gas;
                    }
                }
            } while (inRun);
        }
    }

    /** Halts {@code f} exceptionally where the loop's locals stand (its gas becomes zero either way). */
    private static void halt(Frame f, int pc, int sp, HaltReason reason) {
        f.pc = pc;
        f.sp = sp;
        f.halt(reason);
    }

    /**
     * Every opcode {@link #execute} does not run on its locals, on the frame's own pc (already past the opcode), stack
     * pointer and gas. False when the frame halted or started a sub-message.
     */
    private boolean executeOther(Frame f, int op, long[] s, long[] t) {
        int sp = f.sp;
        switch (op) {
            case STOP -> {
                f.halt(HaltReason.STOP);
                return false;
            }
            case EXP -> {
                if (!f.charge(gas.expCost(WordMath.byteLength(s, sp - 8)))) {
                    return false;
                }
                WordMath.exp(s, sp - 4, sp - 8, t);
                f.sp = sp - 4;
            }
            case KECCAK256 -> {
                if (!MemoryOps.keccak256(f, this)) {
                    return false;
                }
            }
            case ADDRESS -> TxOps.address(f, s);
            case BALANCE -> {
                if (!HostOps.balance(f, this)) {
                    return false;
                }
            }
            case ORIGIN -> TxOps.origin(f, s, tx);
            case CALLER -> TxOps.caller(f, s);
            case CALLVALUE -> TxOps.callValue(f, s);
            case CALLDATALOAD -> TxOps.callDataLoad(f, s);
            case CALLDATASIZE -> TxOps.pushLong(f, s, f.input.size());
            case CALLDATACOPY -> {
                if (!MemoryOps.copyToMemory(f, this, f.input.array(), f.input.offset(), f.input.size())) {
                    return false;
                }
            }
            case CODESIZE -> TxOps.pushLong(f, s, f.code.size());
            case CODECOPY -> {
                byte[] raw = f.code.raw();
                if (!MemoryOps.copyToMemory(f, this, raw, 0, raw.length)) {
                    return false;
                }
            }
            case GASPRICE -> TxOps.gasPrice(f, s, tx);
            case EXTCODESIZE -> {
                if (!HostOps.extCodeSize(f, this)) {
                    return false;
                }
            }
            case EXTCODECOPY -> {
                if (!HostOps.extCodeCopy(f, this)) {
                    return false;
                }
            }
            case RETURNDATASIZE -> TxOps.pushLong(f, s, f.returnData.length);
            case RETURNDATACOPY -> {
                if (!MemoryOps.returnDataCopy(f, this)) {
                    return false;
                }
            }
            case EXTCODEHASH -> {
                if (!HostOps.extCodeHash(f, this)) {
                    return false;
                }
            }
            case BLOCKHASH -> BlockOps.blockHash(f, s, this);
            case COINBASE -> BlockOps.coinbase(f, s, block);
            case TIMESTAMP -> TxOps.pushLong(f, s, block.timestamp());
            case NUMBER -> TxOps.pushLong(f, s, block.number());
            case PREVRANDAO -> BlockOps.prevRandao(f, s, block);
            case GASLIMIT -> TxOps.pushLong(f, s, block.gasLimit());
            case CHAINID -> TxOps.pushLong(f, s, block.chainId());
            case SELFBALANCE -> HostOps.selfBalance(f, this);
            case BASEFEE -> TxOps.pushWord(f, s, block.baseFee());
            case BLOBHASH -> BlockOps.blobHash(f, s, tx);
            case BLOBBASEFEE -> TxOps.pushWord(f, s, block.blobBaseFee());
            case MSTORE8 -> {
                if (!MemoryOps.mstore8(f, this)) {
                    return false;
                }
            }
            case SLOAD -> {
                if (!HostOps.sload(f, this)) {
                    return false;
                }
            }
            case SSTORE -> {
                if (!HostOps.sstore(f, this)) {
                    return false;
                }
            }
            case MSIZE -> TxOps.pushLong(f, s, f.memorySize);
            case TLOAD -> HostOps.tload(f, this);
            case TSTORE -> {
                if (!HostOps.tstore(f, this)) {
                    return false;
                }
            }
            case MCOPY -> {
                if (!MemoryOps.mcopy(f, this)) {
                    return false;
                }
            }
            case LOG0, LOG1, LOG2, LOG3, LOG4 -> {
                if (!HostOps.log(f, this, op - LOG0)) {
                    return false;
                }
            }
            case CREATE, CREATE2 -> {
                if (SystemOps.create(f, this, op)) {
                    return false;
                }
            }
            case CALL, CALLCODE, DELEGATECALL, STATICCALL -> {
                if (SystemOps.call(f, this, op)) {
                    return false;
                }
            }
            case RETURN, REVERT -> {
                SystemOps.returnOrRevert(f, this, op == REVERT ? HaltReason.REVERT : HaltReason.RETURN);
                return false;
            }
            case SELFDESTRUCT -> {
                SystemOps.selfdestruct(f, this);
                return false;
            }
            default -> throw new IllegalStateException("opcode " + name(op) + " is in the table but not "
                    + "in the interpreter's switch");
        }
        return true;
    }
}
