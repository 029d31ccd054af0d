package io.cqt.refiner.evm.word;

/** Saturating long arithmetic for gas and memory sizes: a huge value shows up as out-of-gas, never as a wrap. */
public final class Words {
    private Words() {
    }

    public static long clampedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    public static long clampedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : Long.MAX_VALUE;
    }

    /** The number of 32-byte words covering {@code bytes} (bytes >= 0), saturating. */
    public static long numWords(long bytes) {
        return bytes > Long.MAX_VALUE - 31 ? Long.MAX_VALUE / 32 : (bytes + 31) >>> 5;
    }
}
