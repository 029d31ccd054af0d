package io.cqt.refiner.types;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * An immutable byte string (contract code, call data, log data, extra data). {@link #wrap} takes ownership of the
 * array without copying: the caller must not change it afterwards.
 */
public final class Bytes implements Comparable<Bytes> {
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;
    private int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes);
    }

    public static Bytes copyOf(byte[] bytes) {
        return wrap(bytes.clone());
    }

    public static Bytes fromHex(CharSequence hex) {
        return wrap(Hex.decode(hex));
    }

    /** Standard base64 with padding, as Go's encoding/json writes {@code []byte}. */
    public static Bytes fromBase64(CharSequence base64) {
        try {
            if (base64 instanceof AsciiSlice slice) {
                // The JDK sizes the decoded buffer's array exactly, so it is taken as is.
                ByteBuffer decoded = Base64.getDecoder().decode(slice.asByteBuffer());
                return wrap(decoded.remaining() == decoded.array().length ? decoded.array()
                        : Arrays.copyOfRange(decoded.array(), decoded.arrayOffset() + decoded.position(),
                                decoded.arrayOffset() + decoded.limit()));
            }
            return wrap(Base64.getDecoder().decode(base64.toString()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + Hex.abbreviate(base64), e);
        }
    }

    public int size() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte get(int index) {
        return bytes[index];
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    /** The backing array, for read-only use on hot paths (hashing, copying into EVM memory). Never modify it. */
    public byte[] array() {
        return bytes;
    }

    public String toHex() {
        return Hex.encode(bytes);
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
