package io.cqt.refiner.evm.interp;

import static io.cqt.refiner.evm.code.Opcodes.*;

import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.fork.InstructionTable;

/**
 * Straight-line runs of the opcodes the interpreter's loop executes on its locals alone (stack, arithmetic,
 * PUSH/DUP/SWAP, MLOAD/MSTORE, JUMPDEST, PC), each ended by a JUMP or JUMPI it includes or by any other opcode it
 * does not. For every pc, the run from there is summarised in one int: its total constant gas and the stack heights
 * at which every opcode of it finds its operands and room for its results. The loop checks that once and runs the
 * opcodes unchecked; 0 means no run starts there (another opcode, or a run too long to summarise), and the loop
 * checks that opcode alone. Constant gas charged for a whole run ahead is never observable: the run has no branch
 * before its end and no opcode in it reads the gas left (GAS ends a run), so it either completes, as if charged
 * opcode by opcode, or halts exceptionally, which consumes all gas either way.
 */
final class StraightRuns {
    private static final boolean[] ON_LOCALS = onLocals();
    private static final int GAS_BITS = 14;
    private static final int MIN_BITS = 6;
    private static final int RANGE_BITS = 11;

    private StraightRuns() {
    }

    /** The runs of {@code code} under {@code table}, kept with the code (one table's at a time, or its equivalents). */
    static int[] of(Code code, InstructionTable table) {
        return code.analysis(table, StraightRuns::sameRuns, c -> analyse(c.padded(), c.size(), table));
    }

    /** Whether two tables give every code the same runs: they agree on the opcodes runs are made of. */
    static boolean sameRuns(InstructionTable a, InstructionTable b) {
        return sameRuns(null, a, b);
    }

    /**
     * Whether two tables give {@code code} (every code, when null) the same runs: they agree on each opcode runs are
     * made of that it holds. So code without PUSH0 keeps one analysis across Shanghai, which only added PUSH0 to
     * them; code with PUSH0, deployed after Shanghai, never runs before it.
     */
    static boolean sameRuns(Code code, InstructionTable a, InstructionTable b) {
        long[] checksA = a.checksArray();
        long[] checksB = b.checksArray();
        for (int op = 0; op < 256; op++) {
            if (ON_LOCALS[op] && checksA[op] != checksB[op] && (code == null || code.holdsOpcode(op))) {
                return false;
            }
        }
        return true;
    }

    static int gas(int run) {
        return run & ((1 << GAS_BITS) - 1);
    }

    static int minItems(int run) {
        return (run >>> GAS_BITS) & ((1 << MIN_BITS) - 1);
    }

    /** The most items above {@link #minItems} the stack may hold at the run's start. */
    static int itemsRange(int run) {
        return run >>> (GAS_BITS + MIN_BITS);
    }

    /** Whether the loop runs this opcode on its locals (then it may be part of a run when the fork defines it). */
    static boolean onLocals(int op) {
        return ON_LOCALS[op];
    }

    /** One int per byte of {@code padded} (the code, then padding that reads as STOP); nonzero where a run starts. */
    static int[] analyse(byte[] padded, int size, InstructionTable table) {
        int[] runs = new int[padded.length];
        int[] starts = new int[size];
        int count = 0;
        for (int pc = 0; pc < size; ) {
            starts[count++] = pc;
            int op = padded[pc] & 0xff;
            pc += op >= PUSH1 && op <= PUSH32 ? op - PUSH1 + 2 : 1;
        }
        // Backwards, so each opcode's run is itself followed by the run of the opcode after it.
        boolean open = false; // whether the next opcode's run continues into this one's
        long gas = 0;
        int min = 0;
        int max = 0;
        for (int i = count - 1; i >= 0; i--) {
            int pc = starts[i];
            int op = padded[pc] & 0xff;
            if (!ON_LOCALS[op] || !table.defined(op)) {
                open = false;
                continue;
            }
            int opMin = table.minStack(op);
            int opMax = table.maxStack(op);
            int growth = InstructionTable.STACK_LIMIT - opMax; // pushes minus pops
            if (op == JUMP || op == JUMPI || !open) {
                gas = table.constantGas(op);
                min = opMin;
                max = opMax;
            } else {
                gas += table.constantGas(op);
                min = Math.max(opMin, min - growth);
                max = Math.min(opMax, max - growth);
            }
            open = true;
            if (gas < 1L << GAS_BITS && min < 1 << MIN_BITS && max >= min && max - min < 1 << RANGE_BITS) {
                runs[pc] = (int) gas | min << GAS_BITS | (max - min) << (GAS_BITS + MIN_BITS);
            }
        }
        return runs;
    }

    private static boolean[] onLocals() {
        boolean[] on = new boolean[256];
        for (int op : new int[] {ADD, MUL, SUB, DIV, SDIV, MOD, SMOD, ADDMOD, MULMOD, SIGNEXTEND, LT, GT, SLT, SGT, EQ,
                ISZERO, AND, OR, XOR, NOT, BYTE, SHL, SHR, SAR, CLZ, POP, MLOAD, MSTORE, JUMP, JUMPI, PC, JUMPDEST,
                PUSH0}) {
            on[op] = true;
        }
        for (int op = PUSH1; op <= SWAP16; op++) { // PUSH1..PUSH32, DUP1..DUP16, SWAP1..SWAP16
            on[op] = true;
        }
        return on;
    }
}
