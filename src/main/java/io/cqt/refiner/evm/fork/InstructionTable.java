package io.cqt.refiner.evm.fork;

import static io.cqt.refiner.evm.code.Opcodes.*;

import java.util.Arrays;

/**
 * Per-fork instruction metadata: which opcodes exist, their constant gas, and the stack heights at which they may
 * run. The interpreter checks an opcode against this table once, before its {@code switch}, so the operations
 * themselves never test the fork. Built by copying the previous fork's table and applying one method per EIP, as
 * geth's {@code jump_table.go} does; read-only once built.
 */
public final class InstructionTable {
    /** The EVM stack limit (Yellow Paper 9.1). */
    public static final int STACK_LIMIT = 1024;

    private final boolean[] defined;
    private final int[] constantGas;
    private final int[] minStack;
    private final int[] maxStack;
    private final long[] checks = new long[256];

    private InstructionTable(boolean[] defined, int[] constantGas, int[] minStack, int[] maxStack) {
        this.defined = defined;
        this.constantGas = constantGas;
        this.minStack = minStack;
        this.maxStack = maxStack;
        for (int op = 0; op < 256; op++) {
            if (defined[op]) {
                int range = maxStack[op] - minStack[op];
                checks[op] = ((long) constantGas[op] << 32) | ((long) range << 12) | minStack[op];
            }
        }
    }

    /**
     * Everything the loop checks before an opcode, one long per opcode so it is one load: zero for an undefined
     * opcode, else the constant gas in the high 32 bits, {@code maxStack - minStack} in bits 12..31 and
     * {@code minStack} in bits 0..11. The stack is right when {@code items - min}, unsigned, is at most the range.
     */
    public long[] checksArray() {
        return checks;
    }

    public static int checkedMinStack(long check) {
        return (int) check & 0xfff;
    }

    public static int checkedRange(long check) {
        return (int) (check >>> 12) & 0xfffff;
    }

    public static long checkedGas(long check) {
        return check >>> 32;
    }

    public boolean defined(int op) {
        return defined[op];
    }

    public int constantGas(int op) {
        return constantGas[op];
    }

    /** The fewest stack items the opcode needs. */
    public int minStack(int op) {
        return minStack[op];
    }

    /** The most stack items the opcode may find and still stay within {@link #STACK_LIMIT} afterwards. */
    public int maxStack(int op) {
        return maxStack[op];
    }

    /** The table for a fork, built from London by applying each later fork's EIPs in order. */
    public static InstructionTable of(Fork fork) {
        Builder b = Builder.london();
        if (fork.isAtLeast(Fork.SHANGHAI)) {
            b.eip3855();
        }
        if (fork.isAtLeast(Fork.CANCUN)) {
            b.eip1153().eip5656().eip4844().eip7516();
        }
        if (fork.isAtLeast(Fork.OSAKA)) {
            b.eip7939();
        }
        return b.build();
    }

    /** Mutable while a fork's table is assembled. */
    static final class Builder {
        private final boolean[] defined = new boolean[256];
        private final int[] constantGas = new int[256];
        private final int[] minStack = new int[256];
        private final int[] maxStack = new int[256];

        private Builder op(int op, int gas, int pops, int pushes) {
            defined[op] = true;
            constantGas[op] = gas;
            minStack[op] = pops;
            maxStack[op] = STACK_LIMIT + pops - pushes;
            return this;
        }

        /**
         * London (with everything before it back to Frontier): EIP-2929 access costs are dynamic, so BALANCE,
         * EXT*, SLOAD, SSTORE and the CALLs carry no constant gas here; EIP-3198 BASEFEE. 0x44 reads PREVRANDAO
         * from Paris on (EIP-4399) and the difficulty before; the block context supplies whichever applies.
         */
        static Builder london() {
            Builder b = new Builder();
            b.op(STOP, 0, 0, 0);
            b.op(ADD, 3, 2, 1).op(MUL, 5, 2, 1).op(SUB, 3, 2, 1).op(DIV, 5, 2, 1).op(SDIV, 5, 2, 1);
            b.op(MOD, 5, 2, 1).op(SMOD, 5, 2, 1).op(ADDMOD, 8, 3, 1).op(MULMOD, 8, 3, 1).op(EXP, 10, 2, 1);
            b.op(SIGNEXTEND, 5, 2, 1);
            b.op(LT, 3, 2, 1).op(GT, 3, 2, 1).op(SLT, 3, 2, 1).op(SGT, 3, 2, 1).op(EQ, 3, 2, 1).op(ISZERO, 3, 1, 1);
            b.op(AND, 3, 2, 1).op(OR, 3, 2, 1).op(XOR, 3, 2, 1).op(NOT, 3, 1, 1).op(BYTE, 3, 2, 1);
            b.op(SHL, 3, 2, 1).op(SHR, 3, 2, 1).op(SAR, 3, 2, 1);
            b.op(KECCAK256, 30, 2, 1);
            b.op(ADDRESS, 2, 0, 1).op(BALANCE, 0, 1, 1).op(ORIGIN, 2, 0, 1).op(CALLER, 2, 0, 1);
            b.op(CALLVALUE, 2, 0, 1).op(CALLDATALOAD, 3, 1, 1).op(CALLDATASIZE, 2, 0, 1).op(CALLDATACOPY, 3, 3, 0);
            b.op(CODESIZE, 2, 0, 1).op(CODECOPY, 3, 3, 0).op(GASPRICE, 2, 0, 1).op(EXTCODESIZE, 0, 1, 1);
            b.op(EXTCODECOPY, 0, 4, 0).op(RETURNDATASIZE, 2, 0, 1).op(RETURNDATACOPY, 3, 3, 0);
            b.op(EXTCODEHASH, 0, 1, 1);
            b.op(BLOCKHASH, 20, 1, 1).op(COINBASE, 2, 0, 1).op(TIMESTAMP, 2, 0, 1).op(NUMBER, 2, 0, 1);
            b.op(PREVRANDAO, 2, 0, 1).op(GASLIMIT, 2, 0, 1).op(CHAINID, 2, 0, 1).op(SELFBALANCE, 5, 0, 1);
            b.op(BASEFEE, 2, 0, 1);
            b.op(POP, 2, 1, 0).op(MLOAD, 3, 1, 1).op(MSTORE, 3, 2, 0).op(MSTORE8, 3, 2, 0);
            b.op(SLOAD, 0, 1, 1).op(SSTORE, 0, 2, 0).op(JUMP, 8, 1, 0).op(JUMPI, 10, 2, 0);
            b.op(PC, 2, 0, 1).op(MSIZE, 2, 0, 1).op(GAS, 2, 0, 1).op(JUMPDEST, 1, 0, 0);
            for (int n = 1; n <= 32; n++) {
                b.op(PUSH1 + n - 1, 3, 0, 1);
            }
            for (int n = 1; n <= 16; n++) {
                b.op(DUP1 + n - 1, 3, n, n + 1);
                b.op(SWAP1 + n - 1, 3, n + 1, n + 1);
            }
            for (int n = 0; n <= 4; n++) {
                b.op(LOG0 + n, 375 * (n + 1), n + 2, 0);
            }
            b.op(CREATE, 32000, 3, 1).op(CALL, 0, 7, 1).op(CALLCODE, 0, 7, 1).op(RETURN, 0, 2, 0);
            b.op(DELEGATECALL, 0, 6, 1).op(CREATE2, 32000, 4, 1).op(STATICCALL, 0, 6, 1).op(REVERT, 0, 2, 0);
            b.op(SELFDESTRUCT, 5000, 1, 0);
            // INVALID (0xfe) stays undefined: it halts exceptionally like any unassigned byte.
            return b;
        }

        /** EIP-3855 (Shanghai): PUSH0. */
        Builder eip3855() {
            return op(PUSH0, 2, 0, 1);
        }

        /** EIP-1153 (Cancun): transient storage. */
        Builder eip1153() {
            return op(TLOAD, 100, 1, 1).op(TSTORE, 100, 2, 0);
        }

        /** EIP-5656 (Cancun): MCOPY. */
        Builder eip5656() {
            return op(MCOPY, 3, 3, 0);
        }

        /** EIP-4844 (Cancun): BLOBHASH. */
        Builder eip4844() {
            return op(BLOBHASH, 3, 1, 1);
        }

        /** EIP-7516 (Cancun): BLOBBASEFEE. */
        Builder eip7516() {
            return op(BLOBBASEFEE, 2, 0, 1);
        }

        /** EIP-7939 (Osaka): CLZ. */
        Builder eip7939() {
            return op(CLZ, 5, 1, 1);
        }

        InstructionTable build() {
            return new InstructionTable(Arrays.copyOf(defined, 256), Arrays.copyOf(constantGas, 256),
                    Arrays.copyOf(minStack, 256), Arrays.copyOf(maxStack, 256));
        }
    }
}
