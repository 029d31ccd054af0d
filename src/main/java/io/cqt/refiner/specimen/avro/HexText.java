package io.cqt.refiner.specimen.avro;

import io.cqt.refiner.logging.SafeText;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;

/** Parses ASCII hex text held in a byte range, as Avro hands strings and bytes over, without building a String. */
final class HexText {
    private HexText() {
    }

    /** Exactly {@code size} bytes written as 2·size hex digits, with or without {@code 0x}. */
    static byte[] fixed(byte[] text, int length, int size) {
        int start = prefixLength(text, 0, length);
        if (length - start != 2 * size) {
            throw new SpecimenException("expected " + 2 * size + " hex digits, got "
                    + SafeText.quote(text, 0, length));
        }
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) (digit(text, start + 2 * i) << 4 | digit(text, start + 2 * i + 1));
        }
        return out;
    }

    /** A hex quantity of up to 64 digits (leading zeros allowed), with or without {@code 0x}. */
    static UInt256 quantity(byte[] text, int offset, int length) {
        int start = offset + prefixLength(text, offset, length);
        int end = offset + length;
        if (start == end) {
            throw new SpecimenException("empty number (expected ASCII hex such as 0x1f)");
        }
        while (start < end - 1 && text[start] == '0') {
            start++;
        }
        if (end - start > 64) {
            throw new SpecimenException("number wider than 256 bits: "
                    + SafeText.quote(text, offset, length));
        }
        long[] limbs = new long[4];
        int shift = 0;
        for (int i = end - 1; i >= start; i--, shift += 4) {
            limbs[3 - shift / 64] |= (long) digit(text, i) << (shift % 64);
        }
        return new UInt256(limbs[0], limbs[1], limbs[2], limbs[3]);
    }

    private static int prefixLength(byte[] text, int offset, int length) {
        return length >= 2 && text[offset] == '0' && (text[offset + 1] == 'x' || text[offset + 1] == 'X') ? 2 : 0;
    }

    private static int digit(byte[] text, int index) {
        int c = text[index] & 0xff;
        int value = Hex.digitValue(c);
        if (value < 0) {
            throw new SpecimenException("not a hex digit: " + SafeText.quote(text, index, 1) + " (byte " + c + ")");
        }
        return value;
    }
}
