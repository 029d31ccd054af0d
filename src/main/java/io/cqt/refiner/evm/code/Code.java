package io.cqt.refiner.evm.code;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.types.Hash;
import java.util.function.Function;

/**
 * Contract code for execution: the raw bytes, a copy padded with {@link #PADDING} zero bytes so a trailing PUSH and
 * running off the end (an implicit STOP) need no bounds checks, a lazily built JUMPDEST bitmap, the set of opcodes
 * it holds and lazily built analyses for the interpreter. Immutable once those are built; building one twice from two threads yields the same
 * result, so no lock is needed.
 */
public final class Code {
    /** 32 bytes for the widest PUSH immediate plus one STOP. */
    public static final int PADDING = 33;
    public static final Code EMPTY = new Code(new byte[0], Keccak256.EMPTY);

    private final byte[] raw;
    private final byte[] padded;
    private final Hash hash;
    private volatile long[] jumpDests;
    private volatile long[] opcodes;
    /** Replaced whole, never changed in place: threads read it without a lock. */
    private volatile Analysis[] analyses = NO_ANALYSES;

    private Code(byte[] raw, Hash hash) {
        this.raw = raw;
        this.padded = java.util.Arrays.copyOf(raw, raw.length + PADDING);
        this.hash = hash;
    }

    /** Code whose hash the caller already knows (from the state); the bytes are owned by this object. */
    public static Code of(byte[] raw, Hash hash) {
        return raw.length == 0 ? EMPTY : new Code(raw, hash);
    }

    /** Init code: executed once, so its hash is not computed. */
    public static Code initcode(byte[] raw) {
        return raw.length == 0 ? EMPTY : new Code(raw, null);
    }

    public static Code of(byte[] raw) {
        return raw.length == 0 ? EMPTY : new Code(raw, Keccak256.of(raw));
    }

    public int size() {
        return raw.length;
    }

    /** The code bytes, read-only. */
    public byte[] raw() {
        return raw;
    }

    /** The code followed by {@link #PADDING} zero bytes, read-only. */
    public byte[] padded() {
        return padded;
    }

    /** The code hash; null for {@link #initcode} code. */
    public Hash hash() {
        return hash;
    }

    /** True when {@code pc} holds a JUMPDEST opcode rather than PUSH data. */
    public boolean isJumpDest(long pc) {
        return isJumpDest(jumpDests(), raw.length, pc);
    }

    /** The same test on a bitmap from {@link #jumpDests()} and the code's size, for a loop that holds both. */
    public static boolean isJumpDest(long[] jumpDests, long size, long pc) {
        return pc >= 0 && pc < size && (jumpDests[(int) pc >>> 6] & (1L << pc)) != 0;
    }

    /**
     * The JUMPDEST bitmap, bit {@code pc & 63} of long {@code pc >>> 6} for each pc below {@link #size()}: for the
     * interpreter's loop, which keeps it in a local. Read-only by contract.
     */
    public long[] jumpDests() {
        long[] bits = jumpDests;
        if (bits == null) {
            bits = analyse(raw);
            jumpDests = bits;
        }
        return bits;
    }

    /** Whether {@code op} occurs in this code as an opcode (PUSH data aside). */
    public boolean holdsOpcode(int op) {
        long[] ops = opcodes;
        if (ops == null) {
            ops = opcodesOf(raw);
            opcodes = ops;
        }
        return (ops[op >>> 6] & (1L << op)) != 0;
    }

    /** Whether an analysis made for one key serves another, for this code. */
    @FunctionalInterface
    public interface Equivalence<K> {
        boolean test(Code code, K kept, K wanted);
    }

    /**
     * An analysis of this code that also depends on {@code key} (the interpreter's straight-line runs, on a fork's
     * instruction table), built once per key, or shared with a key {@code equivalent} to it for this code (forks
     * whose differences the analysis does not see here). The last {@link #MAX_ANALYSES} keys are kept, so blocks of
     * several forks, in turn or on several threads at once, find theirs without writing. Read-only by contract.
     */
    public <K> int[] analysis(K key, Equivalence<K> equivalent, Function<Code, int[]> build) {
        Analysis[] kept = analyses;
        for (Analysis a : kept) {
            if (a.key == key) {
                return a.result;
            }
        }
        int[] result = null;
        for (Analysis a : kept) {
            @SuppressWarnings("unchecked") // every caller passes its own key type for this code
            K other = (K) a.key;
            if (equivalent.test(this, other, key)) {
                result = a.result;
                break;
            }
        }
        if (result == null) {
            result = build.apply(this);
        }
        // Newest first; a key added by another thread meanwhile may be dropped here, to be added again on its next use.
        Analysis[] grown = new Analysis[Math.min(kept.length + 1, MAX_ANALYSES)];
        grown[0] = new Analysis(key, result);
        System.arraycopy(kept, 0, grown, 1, grown.length - 1);
        analyses = grown;
        return result;
    }

    private record Analysis(Object key, int[] result) {
    }

    /** Keys kept per code: every fork so far has its own instruction table. */
    private static final int MAX_ANALYSES = 8;
    private static final Analysis[] NO_ANALYSES = new Analysis[0];

    private static long[] opcodesOf(byte[] code) {
        long[] ops = new long[4];
        for (int pc = 0; pc < code.length; ) {
            int op = code[pc] & 0xff;
            ops[op >>> 6] |= 1L << op;
            pc += op >= Opcodes.PUSH1 && op <= Opcodes.PUSH32 ? op - Opcodes.PUSH1 + 2 : 1;
        }
        return ops;
    }

    private static long[] analyse(byte[] code) {
        long[] bits = new long[(code.length + 63) >>> 6];
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xff;
            if (op == Opcodes.JUMPDEST) {
                bits[pc >>> 6] |= 1L << (pc & 63);
                pc++;
            } else if (op >= Opcodes.PUSH1 && op <= Opcodes.PUSH32) {
                pc += op - Opcodes.PUSH1 + 2;
            } else {
                pc++;
            }
        }
        return bits;
    }
}
