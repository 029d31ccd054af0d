package io.cqt.refiner.types;

import java.math.BigInteger;

/**
 * An unsigned 256-bit integer as four 64-bit limbs, most significant first (balances, values, fees, difficulty).
 * This is the model's value type; the EVM's hot path works on limbs in its own stack and never allocates these.
 */
public record UInt256(long u3, long u2, long u1, long u0) implements Comparable<UInt256> {
    public static final UInt256 ZERO = new UInt256(0, 0, 0, 0);
    public static final UInt256 ONE = new UInt256(0, 0, 0, 1);
    public static final UInt256 MAX = new UInt256(-1, -1, -1, -1);
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(256);

    // equals and hashCode are written out: a record's generated ones go through method handles, and storage maps
    // keyed by slot call them on every SLOAD and SSTORE.
    @Override
    public boolean equals(Object o) {
        return o instanceof UInt256 other && u0 == other.u0 && u1 == other.u1 && u2 == other.u2 && u3 == other.u3;
    }

    @Override
    public int hashCode() {
        long h = u0 * 0x9E3779B97F4A7C15L ^ u1 * 0xC2B2AE3D27D4EB4FL ^ u2 * 0x165667B19E3779F9L ^ u3;
        return (int) (h ^ (h >>> 32));
    }

    /** A non-negative long. */
    public static UInt256 of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative value: " + value);
        }
        return value == 0 ? ZERO : new UInt256(0, 0, 0, value);
    }

    /** An unsigned 64-bit value held in a long. */
    public static UInt256 ofUnsigned(long value) {
        return new UInt256(0, 0, 0, value);
    }

    public static UInt256 of(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(LIMIT) >= 0) {
            throw new IllegalArgumentException("not an unsigned 256-bit value: " + value);
        }
        return new UInt256(value.shiftRight(192).longValue(), value.shiftRight(128).longValue(),
                value.shiftRight(64).longValue(), value.longValue());
    }

    /** Big-endian bytes, at most 32 of them (leading zeros allowed). */
    public static UInt256 fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    public static UInt256 fromBytes(byte[] bytes, int offset, int length) {
        int start = offset;
        int end = offset + length;
        while (start < end && bytes[start] == 0) {
            start++;
        }
        if (end - start > 32) {
            throw new IllegalArgumentException("more than 32 bytes: " + length);
        }
        long[] limbs = new long[4];
        for (int i = end - 1, shift = 0; i >= start; i--, shift += 8) {
            limbs[3 - shift / 64] |= (bytes[i] & 0xffL) << (shift % 64);
        }
        return new UInt256(limbs[0], limbs[1], limbs[2], limbs[3]);
    }

    /** A hex quantity ({@code 0x1f}, with or without prefix, leading zeros allowed). */
    public static UInt256 fromHex(CharSequence hex) {
        int digits = hex.length() - (Hex.hasPrefix(hex) ? 2 : 0);
        if (digits == 0) {
            throw new IllegalArgumentException("empty hex quantity: " + Hex.abbreviate(hex));
        }
        byte[] raw = Hex.decode(hex);
        try {
            return fromBytes(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hex quantity wider than 256 bits: " + Hex.abbreviate(hex), e);
        }
    }

    public boolean isZero() {
        return (u3 | u2 | u1 | u0) == 0;
    }

    /** True when the value fits in a non-negative long. */
    public boolean fitsLong() {
        return (u3 | u2 | u1) == 0 && u0 >= 0;
    }

    /** The value as a long; fails unless {@link #fitsLong()}. */
    public long toLong() {
        if (!fitsLong()) {
            throw new ArithmeticException("does not fit a long: " + toHexQuantity());
        }
        return u0;
    }

    public BigInteger toBigInteger() {
        return new BigInteger(1, toBytes32());
    }

    /** 32 bytes, big-endian. */
    public byte[] toBytes32() {
        byte[] out = new byte[32];
        putLimb(out, 0, u3);
        putLimb(out, 8, u2);
        putLimb(out, 16, u1);
        putLimb(out, 24, u0);
        return out;
    }

    /** Big-endian without leading zeros (empty for zero), as RLP encodes integers. */
    public byte[] toMinimalBytes() {
        byte[] full = toBytes32();
        int start = 0;
        while (start < 32 && full[start] == 0) {
            start++;
        }
        return java.util.Arrays.copyOfRange(full, start, 32);
    }

    public int bitLength() {
        if (u3 != 0) {
            return 256 - Long.numberOfLeadingZeros(u3);
        }
        if (u2 != 0) {
            return 192 - Long.numberOfLeadingZeros(u2);
        }
        if (u1 != 0) {
            return 128 - Long.numberOfLeadingZeros(u1);
        }
        return 64 - Long.numberOfLeadingZeros(u0);
    }

    /** {@code 0x} + lower-case hex without leading zeros; {@code 0x0} for zero (Go's hexutil.Big). */
    public String toHexQuantity() {
        if (isZero()) {
            return "0x0";
        }
        StringBuilder sb = new StringBuilder(66).append("0x");
        boolean started = false;
        for (long limb : new long[] {u3, u2, u1, u0}) {
            if (!started) {
                if (limb == 0) {
                    continue;
                }
                sb.append(Long.toHexString(limb));
                started = true;
            } else {
                String part = Long.toHexString(limb);
                sb.append("0".repeat(16 - part.length())).append(part);
            }
        }
        return sb.toString();
    }

    public String toDecimalString() {
        return fitsLong() ? Long.toString(u0) : toBigInteger().toString();
    }

    @Override
    public int compareTo(UInt256 o) {
        int c = Long.compareUnsigned(u3, o.u3);
        if (c == 0) {
            c = Long.compareUnsigned(u2, o.u2);
        }
        if (c == 0) {
            c = Long.compareUnsigned(u1, o.u1);
        }
        if (c == 0) {
            c = Long.compareUnsigned(u0, o.u0);
        }
        return c;
    }

    @Override
    public String toString() {
        return toHexQuantity();
    }

    private static void putLimb(byte[] out, int offset, long limb) {
        for (int i = 7; i >= 0; i--) {
            out[offset + i] = (byte) limb;
            limb >>>= 8;
        }
    }
}
