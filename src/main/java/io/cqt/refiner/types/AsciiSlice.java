package io.cqt.refiner.types;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * ASCII text held in a range of a byte array and read as characters in place. A JSON specimen carries megabytes of
 * hex and base64; keeping them as slices of the file's bytes spares building a String of each only to parse it.
 * The array is not copied: the slice is valid as long as nobody changes it.
 */
public final class AsciiSlice implements CharSequence {
    private final byte[] bytes;
    private final int from;
    private final int length;

    /** The bytes {@code from} (inclusive) to {@code to} (exclusive), each below 0x80. */
    public AsciiSlice(byte[] bytes, int from, int to) {
        Objects.checkFromToIndex(from, to, bytes.length);
        this.bytes = bytes;
        this.from = from;
        this.length = to - from;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        Objects.checkIndex(index, length);
        return (char) bytes[from + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        Objects.checkFromToIndex(start, end, length);
        return new AsciiSlice(bytes, from + start, from + end);
    }

    byte[] array() {
        return bytes;
    }

    int offset() {
        return from;
    }

    /** The slice as a buffer over the same bytes, for decoders that read bytes (base64). */
    public ByteBuffer asByteBuffer() {
        return ByteBuffer.wrap(bytes, from, length);
    }

    @Override
    public String toString() {
        return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
}
