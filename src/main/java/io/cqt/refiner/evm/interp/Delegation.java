package io.cqt.refiner.evm.interp;

import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.types.Address;
import java.util.Arrays;

/** EIP-7702 delegation designators: {@code 0xef0100 || address}. */
public final class Delegation {
    public static final int SIZE = 23;

    private Delegation() {
    }

    public static boolean isDesignator(byte[] code) {
        return code.length == SIZE && code[0] == (byte) 0xef && code[1] == 0x01 && code[2] == 0x00;
    }

    public static boolean isDesignator(Code code) {
        return isDesignator(code.raw());
    }

    /** The delegate of a designator. */
    public static Address target(byte[] designator) {
        return Address.wrap(Arrays.copyOfRange(designator, 3, SIZE));
    }

    public static byte[] designator(Address target) {
        byte[] out = new byte[SIZE];
        out[0] = (byte) 0xef;
        out[1] = 0x01;
        System.arraycopy(target.array(), 0, out, 3, Address.SIZE);
        return out;
    }
}
