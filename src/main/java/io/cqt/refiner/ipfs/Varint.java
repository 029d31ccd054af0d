package io.cqt.refiner.ipfs;

import java.io.ByteArrayOutputStream;

/** Unsigned LEB128 varints, as multiformats and protobuf use them. */
final class Varint {
    private Varint() {
    }

    static int size(long value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    static void write(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    static int write(byte[] out, int offset, long value) {
        while ((value & ~0x7FL) != 0) {
            out[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    /** A reader over a byte range that fails with a clear message on truncated or overlong input. */
    static final class Reader {
        private final byte[] data;
        private int position;
        private final int end;

        Reader(byte[] data, int offset, int end) {
            this.data = data;
            this.position = offset;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int position() {
            return position;
        }

        long readVarint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw new IllegalArgumentException("truncated varint at byte " + position);
                }
                int b = data[position++] & 0xff;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint longer than 64 bits at byte " + position);
        }

        /** Reads a length prefix and returns the start of the field, advancing past it. */
        int skipLengthDelimited() {
            long length = readVarint();
            if (length < 0 || length > end - position) {
                throw new IllegalArgumentException("field length " + length + " runs past the end at byte " + position);
            }
            int start = position;
            position += (int) length;
            return start;
        }
    }
}
