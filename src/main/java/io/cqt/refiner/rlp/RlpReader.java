package io.cqt.refiner.rlp;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.Arrays;

/**
 * A streaming RLP decoder over a byte array. It accepts canonical encodings only, as consensus data must be: a
 * non-minimal length, a single byte below 0x80 wrapped as a string, or an integer with leading zeros is rejected
 * with an {@link RlpException} naming the offset. Not thread-safe.
 */
public final class RlpReader {
    private final byte[] data;
    private final int start;
    private int pos;
    private int end;
    private int[] enclosingEnds = new int[8];
    private int depth;

    // The item at pos, decoded by header(): where its payload starts, how long it is, whether it is a list.
    private int payloadStart;
    private int payloadLength;
    private boolean isList;

    public RlpReader(byte[] data) {
        this(data, 0, data.length);
    }

    public RlpReader(byte[] data, int offset, int length) {
        this.data = data;
        this.start = offset;
        this.pos = offset;
        this.end = offset + length;
    }

    /** True when the current list (or the input, at the top level) has another item. */
    public boolean hasNext() {
        return pos < end;
    }

    /** The offset of the next item, relative to the start of the input. */
    public int position() {
        return pos - start;
    }

    public boolean nextIsList() {
        header();
        return isList;
    }

    /** Enters the list at the current position; returns its payload length in bytes. */
    public int enterList() {
        header();
        if (!isList) {
            throw error("expected a list, found a string", pos);
        }
        if (depth == enclosingEnds.length) {
            enclosingEnds = Arrays.copyOf(enclosingEnds, depth * 2);
        }
        enclosingEnds[depth++] = end;
        end = payloadStart + payloadLength;
        pos = payloadStart;
        return payloadLength;
    }

    /** Leaves the current list, which must have been read to its end. */
    public void leaveList() {
        if (depth == 0) {
            throw new IllegalStateException("leaveList without a matching enterList");
        }
        if (pos != end) {
            throw error("list has unread items from here to offset " + (end - start), pos);
        }
        end = enclosingEnds[--depth];
    }

    /** The payload of the string at the current position, copied. */
    public byte[] readBytes() {
        stringHeader();
        return payloadCopy();
    }

    /** A string of exactly 32 bytes. */
    public Hash readHash() {
        return Hash.wrap(readFixed(Hash.SIZE, "hash"));
    }

    /** A string of exactly 20 bytes. */
    public Address readAddress() {
        return Address.wrap(readFixed(Address.SIZE, "address"));
    }

    /** A canonical integer that fits a non-negative long. */
    public long readLong() {
        int at = pos;
        integerHeader(8);
        if (payloadLength == 8 && data[payloadStart] < 0) {
            throw error("integer does not fit a signed 64-bit long", at);
        }
        long value = 0;
        for (int i = 0; i < payloadLength; i++) {
            value = (value << 8) | (data[payloadStart + i] & 0xff);
        }
        pos = payloadStart + payloadLength;
        return value;
    }

    /** A canonical integer of at most 256 bits. */
    public UInt256 readUInt256() {
        integerHeader(32);
        UInt256 value = UInt256.fromBytes(data, payloadStart, payloadLength);
        pos = payloadStart + payloadLength;
        return value;
    }

    /** The whole encoding (header and payload) of the next item, copied. */
    public byte[] readRaw() {
        int from = pos;
        header();
        pos = payloadStart + payloadLength;
        return Arrays.copyOfRange(data, from, pos);
    }

    public void skip() {
        header();
        pos = payloadStart + payloadLength;
    }

    /** Fails unless the whole input has been read (and every list left). */
    public void requireEnd() {
        if (depth != 0 || pos != end) {
            throw error("trailing data after the last item", pos);
        }
    }

    private byte[] readFixed(int size, String what) {
        int at = pos;
        stringHeader();
        if (payloadLength != size) {
            throw error("expected a " + size + "-byte " + what + ", found " + payloadLength + " bytes", at);
        }
        return payloadCopy();
    }

    /** The current item's payload, copied; moves past the item. */
    private byte[] payloadCopy() {
        byte[] out = Arrays.copyOfRange(data, payloadStart, payloadStart + payloadLength);
        pos = payloadStart + payloadLength;
        return out;
    }

    private void stringHeader() {
        header();
        if (isList) {
            throw error("expected a string, found a list", pos);
        }
    }

    private void integerHeader(int maxBytes) {
        stringHeader();
        if (payloadLength > maxBytes) {
            throw error("integer of " + payloadLength + " bytes exceeds " + maxBytes, pos);
        }
        if (payloadLength > 0 && data[payloadStart] == 0) {
            throw error("non-canonical integer (leading zero byte)", pos);
        }
    }

    /** Decodes the header at pos into payloadStart/payloadLength/isList, checking canonical form and bounds. */
    private void header() {
        if (pos >= end) {
            throw error("truncated: expected an item but the " + (depth == 0 ? "input" : "enclosing list")
                    + " ends here", pos);
        }
        int b = data[pos] & 0xff;
        long length;
        if (b < 0x80) {
            isList = false;
            payloadStart = pos;
            length = 1;
        } else if (b <= 0xb7) {
            isList = false;
            payloadStart = pos + 1;
            length = b - 0x80;
            if (length == 1 && payloadStart < end && (data[payloadStart] & 0xff) < 0x80) {
                throw error("non-canonical: single byte below 0x80 encoded as a string", pos);
            }
        } else if (b <= 0xbf) {
            isList = false;
            length = longLength(b - 0xb7);
        } else if (b <= 0xf7) {
            isList = true;
            payloadStart = pos + 1;
            length = b - 0xc0;
        } else {
            isList = true;
            length = longLength(b - 0xf7);
        }
        if (length > end - payloadStart) {
            throw error("truncated: item declares " + length + " bytes but only " + (end - payloadStart)
                    + " remain", pos);
        }
        payloadLength = (int) length;
    }

    /** Reads a long-form length of {@code size} bytes after the header byte; sets payloadStart. */
    private long longLength(int size) {
        int first = pos + 1;
        if (size > end - first) {
            throw error("truncated: length of " + size + " bytes runs past the end", pos);
        }
        if (data[first] == 0) {
            throw error("non-canonical: length with a leading zero byte", pos);
        }
        if (size > 4) {
            throw error("length of " + size + " bytes is larger than any input", pos);
        }
        long length = 0;
        for (int i = 0; i < size; i++) {
            length = (length << 8) | (data[first + i] & 0xff);
        }
        if (length <= 55) {
            throw error("non-canonical: length " + length + " in long form", pos);
        }
        payloadStart = first + size;
        return length;
    }

    private RlpException error(String what, int at) {
        return new RlpException("RLP: " + what + " at offset " + (at - start));
    }
}
