package io.cqt.refiner.evm.ops;

import io.cqt.refiner.evm.word.WordMath;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;

/** Conversions between stack words and model values (PUSH, DUP and SWAP run in the interpreter's loop). */
public final class StackOps {
    private StackOps() {
    }

    /** The low 160 bits of a word as an address. */
    public static Address addressAt(long[] s, int i) {
        byte[] b = new byte[Address.SIZE];
        int hi = (int) s[i + 1];
        b[0] = (byte) (hi >>> 24);
        b[1] = (byte) (hi >>> 16);
        b[2] = (byte) (hi >>> 8);
        b[3] = (byte) hi;
        WordMath.putLong(b, 4, s[i + 2]);
        WordMath.putLong(b, 12, s[i + 3]);
        return Address.wrap(b);
    }

    public static void pushAddress(long[] s, int i, Address address) {
        byte[] b = address.array();
        s[i] = 0;
        s[i + 1] = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        s[i + 2] = WordMath.getLong(b, 4);
        s[i + 3] = WordMath.getLong(b, 12);
    }

    public static UInt256 wordAt(long[] s, int i) {
        return new UInt256(s[i], s[i + 1], s[i + 2], s[i + 3]);
    }

    public static void setWord(long[] s, int i, UInt256 v) {
        WordMath.set(s, i, v.u3(), v.u2(), v.u1(), v.u0());
    }
}
