package io.cqt.refiner.rlp;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.Arrays;

/**
 * A streaming RLP encoder with a reusable, growable buffer.
 *
 * <p>A list's prefix depends on the length of its payload, which is known only at {@link #endList()}. Instead of
 * reserving room and shifting bytes (quadratic for deep nesting), the payloads are written back to back and each
 * list's header is recorded as (offset, payload length); the headers are spliced in once, when the output is taken
 * ({@link #toByteArray()}, {@link #writeTo}, {@link #keccak()}). Not thread-safe; {@link #reset()} to reuse.
 */
public final class RlpWriter {
    private static final int MAX_SHORT_LENGTH = 55;

    private byte[] buf;
    private int pos;

    // Lists in the order they were opened (offset ascending, an outer list before an inner one at the same offset).
    private int[] listOffset = new int[16];
    private int[] listPayload = new int[16];
    private int listCount;
    // Header bytes of all closed lists; a list's payload grows by the headers of the lists closed inside it.
    private int headerBytes;

    // Open lists: their index in listOffset, and headerBytes when they were opened.
    private int[] openList = new int[8];
    private int[] openHeaderBytes = new int[8];
    private int depth;

    private final byte[] scratch = new byte[9];

    public RlpWriter() {
        this(256);
    }

    public RlpWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Forgets everything written, keeping the buffers. */
    public RlpWriter reset() {
        pos = 0;
        listCount = 0;
        headerBytes = 0;
        depth = 0;
        return this;
    }

    public RlpWriter startList() {
        if (listCount == listOffset.length) {
            listOffset = Arrays.copyOf(listOffset, listCount * 2);
            listPayload = Arrays.copyOf(listPayload, listCount * 2);
        }
        if (depth == openList.length) {
            openList = Arrays.copyOf(openList, depth * 2);
            openHeaderBytes = Arrays.copyOf(openHeaderBytes, depth * 2);
        }
        listOffset[listCount] = pos;
        openList[depth] = listCount;
        openHeaderBytes[depth] = headerBytes;
        listCount++;
        depth++;
        return this;
    }

    public RlpWriter endList() {
        if (depth == 0) {
            throw new IllegalStateException("endList without a matching startList");
        }
        depth--;
        int list = openList[depth];
        int payload = pos - listOffset[list] + (headerBytes - openHeaderBytes[depth]);
        listPayload[list] = payload;
        headerBytes += headerSize(payload);
        return this;
    }

    /** An empty list, {@code 0xc0}. */
    public RlpWriter writeEmptyList() {
        ensure(1);
        buf[pos++] = (byte) 0xc0;
        return this;
    }

    public RlpWriter writeBytes(byte[] bytes) {
        return writeBytes(bytes, 0, bytes.length);
    }

    public RlpWriter writeBytes(byte[] bytes, int offset, int length) {
        if (length == 1 && bytes[offset] >= 0) {
            ensure(1);
            buf[pos++] = bytes[offset];
            return this;
        }
        ensure(9 + length);
        pos = putHeader(buf, pos, 0x80, length);
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
        return this;
    }

    public RlpWriter writeBytes(Bytes bytes) {
        return writeBytes(bytes.array());
    }

    public RlpWriter writeHash(Hash hash) {
        return writeBytes(hash.array());
    }

    public RlpWriter writeAddress(Address address) {
        return writeBytes(address.array());
    }

    /** An integer, minimal big-endian; {@code value} is read as unsigned 64-bit. */
    public RlpWriter writeLong(long value) {
        ensure(9);
        if (value >= 0 && value < 0x80) {
            buf[pos++] = value == 0 ? (byte) 0x80 : (byte) value;
            return this;
        }
        int size = 8 - Long.numberOfLeadingZeros(value) / 8;
        buf[pos++] = (byte) (0x80 + size);
        pos = putBigEndian(buf, pos, value, size);
        return this;
    }

    /** An integer, minimal big-endian (zero is the empty string). */
    public RlpWriter writeUInt256(UInt256 value) {
        if ((value.u3() | value.u2() | value.u1()) == 0) {
            return writeLong(value.u0());
        }
        int size = (value.bitLength() + 7) / 8;
        ensure(1 + size);
        buf[pos++] = (byte) (0x80 + size);
        for (int k = size - 1; k >= 0; k--) {
            buf[pos++] = (byte) (limb(value, k >>> 3) >>> ((k & 7) << 3));
        }
        return this;
    }

    /** Limb {@code index} counted from the least significant. */
    private static long limb(UInt256 value, int index) {
        return switch (index) {
            case 0 -> value.u0();
            case 1 -> value.u1();
            case 2 -> value.u2();
            default -> value.u3();
        };
    }

    /** Appends one already-encoded item verbatim; the caller guarantees it is a single well-formed item. */
    public RlpWriter writeRaw(byte[] encoded) {
        return writeRaw(encoded, 0, encoded.length);
    }

    public RlpWriter writeRaw(byte[] encoded, int offset, int length) {
        ensure(length);
        System.arraycopy(encoded, offset, buf, pos, length);
        pos += length;
        return this;
    }

    /** The length of the finished encoding. */
    public int encodedLength() {
        requireClosed();
        return pos + headerBytes;
    }

    public byte[] toByteArray() {
        byte[] out = new byte[encodedLength()];
        writeTo(out, 0);
        return out;
    }

    /** Copies the finished encoding into {@code out} at {@code offset}; returns the offset after it. */
    public int writeTo(byte[] out, int offset) {
        requireClosed();
        int from = 0;
        int o = offset;
        for (int i = 0; i < listCount; i++) {
            int at = listOffset[i];
            System.arraycopy(buf, from, out, o, at - from);
            o += at - from;
            o = putHeader(out, o, 0xc0, listPayload[i]);
            from = at;
        }
        System.arraycopy(buf, from, out, o, pos - from);
        return o + pos - from;
    }

    /** Feeds the finished encoding to {@code digest} without materialising it. */
    public void writeTo(Keccak256 digest) {
        requireClosed();
        int from = 0;
        for (int i = 0; i < listCount; i++) {
            int at = listOffset[i];
            digest.update(buf, from, at - from);
            int headerEnd = putHeader(scratch, 0, 0xc0, listPayload[i]);
            digest.update(scratch, 0, headerEnd);
            from = at;
        }
        digest.update(buf, from, pos - from);
    }

    /** keccak256 of the finished encoding. */
    public byte[] keccak() {
        Keccak256 digest = new Keccak256();
        writeTo(digest);
        byte[] out = new byte[32];
        digest.digest(out, 0);
        return out;
    }

    private void requireClosed() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " list(s) still open");
        }
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    /** Size of the header of a string or list with a payload of {@code length} bytes (not a single low byte). */
    static int headerSize(int length) {
        return length <= MAX_SHORT_LENGTH ? 1 : 1 + byteCount(length);
    }

    private static int byteCount(int length) {
        return 4 - Integer.numberOfLeadingZeros(length) / 8;
    }

    /** Writes the header for a payload of {@code length}; {@code base} is 0x80 (string) or 0xc0 (list). */
    private static int putHeader(byte[] out, int at, int base, int length) {
        if (length <= MAX_SHORT_LENGTH) {
            out[at] = (byte) (base + length);
            return at + 1;
        }
        int size = byteCount(length);
        out[at] = (byte) (base + MAX_SHORT_LENGTH + size);
        return putBigEndian(out, at + 1, length, size);
    }

    private static int putBigEndian(byte[] out, int at, long value, int size) {
        for (int i = size - 1; i >= 0; i--) {
            out[at + i] = (byte) value;
            value >>>= 8;
        }
        return at + size;
    }
}
