package io.cqt.refiner.evm.state;

import io.cqt.refiner.types.UInt256;

/** Wei arithmetic on {@link UInt256} values without BigInteger; balances cannot exceed 2^256 on any real chain. */
public final class Amounts {
    private Amounts() {
    }

    /** a + b; fails on overflow, which only a corrupt state could cause. */
    public static UInt256 add(UInt256 a, UInt256 b) {
        long r0 = a.u0() + b.u0();
        long c = Long.compareUnsigned(r0, a.u0()) < 0 ? 1 : 0;
        long r1 = a.u1() + b.u1() + c;
        c = carry(r1, a.u1(), c);
        long r2 = a.u2() + b.u2() + c;
        c = carry(r2, a.u2(), c);
        long r3 = a.u3() + b.u3() + c;
        if (carry(r3, a.u3(), c) != 0) {
            throw new ArithmeticException("balance overflow: " + a + " + " + b);
        }
        return new UInt256(r3, r2, r1, r0);
    }

    /** a - b for a >= b. */
    public static UInt256 sub(UInt256 a, UInt256 b) {
        if (a.compareTo(b) < 0) {
            throw new ArithmeticException("balance underflow: " + a + " - " + b);
        }
        long r0 = a.u0() - b.u0();
        long br = Long.compareUnsigned(a.u0(), b.u0()) < 0 ? 1 : 0;
        long r1 = a.u1() - b.u1() - br;
        br = borrow(a.u1(), b.u1(), br);
        long r2 = a.u2() - b.u2() - br;
        br = borrow(a.u2(), b.u2(), br);
        long r3 = a.u3() - b.u3() - br;
        return new UInt256(r3, r2, r1, r0);
    }

    private static long carry(long sum, long x, long carryIn) {
        return carryIn == 0 ? (Long.compareUnsigned(sum, x) < 0 ? 1 : 0) : (Long.compareUnsigned(sum, x) <= 0 ? 1 : 0);
    }

    private static long borrow(long x, long y, long borrowIn) {
        return borrowIn == 0 ? (Long.compareUnsigned(x, y) < 0 ? 1 : 0) : (Long.compareUnsigned(x, y) <= 0 ? 1 : 0);
    }
}
