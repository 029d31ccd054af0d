package io.cqt.refiner.result;

import io.cqt.refiner.types.UInt256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streaming JSON generator whose bytes equal Go's {@code json.MarshalIndent(v, "", " ")}: one space per level,
 * {@code "key": value}, every member and element on its own line, {@code []} and {@code {}} when empty, no trailing
 * newline, and Go's HTML-safe string escaping. It buffers into its own array and never reflects, so writing a
 * multi-megabyte result allocates next to nothing. Not thread-safe; one instance per document.
 */
final class GoJsonWriter {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BASE64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final int MAX_DEPTH = 64;
    /** Room for the largest single token written without a capacity check (a 20-digit number, a quantity). */
    private static final int SLACK = 80;

    private final OutputStream out;
    private final byte[] buf;
    private int pos;
    private int depth;
    /** Whether the container at each depth has written a member yet (decides between "{" + "\n" and ",\n"). */
    private final boolean[] hasMembers = new boolean[MAX_DEPTH + 1];
    private boolean afterName;

    GoJsonWriter(OutputStream out) {
        this(out, 1 << 16);
    }

    GoJsonWriter(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[Math.max(bufferSize, 4 * SLACK)];
    }

    /** The bytes of {@code "name": } with the name escaped as Go escapes it, to pass to {@link #name(byte[])}. */
    static byte[] key(String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GoJsonWriter writer = new GoJsonWriter(bytes, 4 * SLACK);
        writer.writeQuoted(name);
        writer.put((byte) ':');
        writer.put((byte) ' ');
        writer.flushBuffer();
        return bytes.toByteArray();
    }

    void beginObject() {
        open((byte) '{');
    }

    void endObject() {
        close((byte) '}');
    }

    void beginArray() {
        open((byte) '[');
    }

    void endArray() {
        close((byte) ']');
    }

    /** A member name made by {@link #key}. */
    void name(byte[] key) {
        separate();
        ensure(key.length);
        System.arraycopy(key, 0, buf, pos, key.length);
        pos += key.length;
        afterName = true;
    }

    void nullValue() {
        separate();
        putAll(NULL);
    }

    void boolValue(boolean value) {
        separate();
        putAll(value ? TRUE : FALSE);
    }

    /** A Go {@code uint64}: the long's bits read as unsigned, in decimal. */
    void unsignedValue(long value) {
        separate();
        ensure(SLACK);
        if (value >= 0) {
            putDecimal(value);
        } else {
            // Above 2^63: rare enough (never in real blocks) that a temporary string is fine.
            String digits = Long.toUnsignedString(value);
            for (int i = 0; i < digits.length(); i++) {
                buf[pos++] = (byte) digits.charAt(i);
            }
        }
    }

    /** A string escaped as Go's encoding/json does with HTML escaping on. */
    void stringValue(String value) {
        separate();
        writeQuoted(value);
    }

    /** {@code "0x"} + lower-case hex without leading zeros, {@code "0x0"} for zero (Go's hexutil.Big). */
    void quantity(UInt256 value) {
        separate();
        ensure(SLACK);
        buf[pos++] = '"';
        buf[pos++] = '0';
        buf[pos++] = 'x';
        if (value.isZero()) {
            buf[pos++] = '0';
        } else {
            boolean started = false;
            started = putLimb(value.u3(), started);
            started = putLimb(value.u2(), started);
            started = putLimb(value.u1(), started);
            putLimb(value.u0(), started);
        }
        buf[pos++] = '"';
    }

    /** A Go {@code uint64} written as a hex quantity ({@code hexutil.Uint64} / a big.Int holding it). */
    void quantity(long unsignedValue) {
        separate();
        ensure(SLACK);
        buf[pos++] = '"';
        buf[pos++] = '0';
        buf[pos++] = 'x';
        if (unsignedValue == 0) {
            buf[pos++] = '0';
        } else {
            putLimb(unsignedValue, false);
        }
        buf[pos++] = '"';
    }

    /** {@code "0x"} + two lower-case digits per byte: hashes, addresses, fixed-size byte arrays with MarshalText. */
    void hexBytes(byte[] bytes) {
        separate();
        ensure(3);
        buf[pos++] = '"';
        buf[pos++] = '0';
        buf[pos++] = 'x';
        int i = 0;
        while (i < bytes.length) {
            int room = (buf.length - pos - 1) / 2;
            if (room == 0) {
                flushBuffer();
                continue;
            }
            int end = Math.min(bytes.length, i + room);
            for (; i < end; i++) {
                int b = bytes[i] & 0xff;
                buf[pos++] = HEX[b >>> 4];
                buf[pos++] = HEX[b & 0xf];
            }
        }
        put((byte) '"');
    }

    /** A Go {@code []byte}: standard base64 with padding, quoted ({@code ""} when empty). */
    void base64(byte[] bytes) {
        separate();
        put((byte) '"');
        int full = bytes.length - bytes.length % 3;
        int i = 0;
        while (i < full) {
            int groups = (buf.length - pos - 1) / 4;
            if (groups == 0) {
                flushBuffer();
                continue;
            }
            int end = Math.min(full, i + 3 * groups);
            for (; i < end; i += 3) {
                int n = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
                buf[pos++] = BASE64[n >>> 18];
                buf[pos++] = BASE64[(n >>> 12) & 0x3f];
                buf[pos++] = BASE64[(n >>> 6) & 0x3f];
                buf[pos++] = BASE64[n & 0x3f];
            }
        }
        ensure(5);
        int rest = bytes.length - full;
        if (rest == 1) {
            int n = (bytes[full] & 0xff) << 16;
            buf[pos++] = BASE64[n >>> 18];
            buf[pos++] = BASE64[(n >>> 12) & 0x3f];
            buf[pos++] = '=';
            buf[pos++] = '=';
        } else if (rest == 2) {
            int n = (bytes[full] & 0xff) << 16 | (bytes[full + 1] & 0xff) << 8;
            buf[pos++] = BASE64[n >>> 18];
            buf[pos++] = BASE64[(n >>> 12) & 0x3f];
            buf[pos++] = BASE64[(n >>> 6) & 0x3f];
            buf[pos++] = '=';
        }
        buf[pos++] = '"';
    }

    /** A Go fixed-size byte array without MarshalText (bloom, header nonce): an array of numbers. */
    void byteArrayAsNumbers(byte[] bytes) {
        beginArray();
        for (byte b : bytes) {
            unsignedValue(b & 0xff);
        }
        endArray();
    }

    /** Writes out everything buffered and flushes the stream; the document must be complete. */
    void finish() {
        if (depth != 0) {
            throw new IllegalStateException("JSON document ended inside " + depth + " open container(s)");
        }
        flushBuffer();
        try {
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void open(byte bracket) {
        separate();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        put(bracket);
        depth++;
        hasMembers[depth] = false;
    }

    private void close(byte bracket) {
        if (depth == 0 || afterName) {
            throw new IllegalStateException("unbalanced JSON: '" + (char) bracket + "' at depth " + depth);
        }
        boolean wroteMembers = hasMembers[depth];
        depth--;
        if (wroteMembers) {
            newlineAndIndent();
        }
        put(bracket);
    }

    /** Before a value or a name: nothing after a name, else ",\n" or "\n" plus the indent inside a container. */
    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth == 0) {
            return;
        }
        if (hasMembers[depth]) {
            put((byte) ',');
        }
        hasMembers[depth] = true;
        newlineAndIndent();
    }

    private void newlineAndIndent() {
        ensure(depth + 1);
        buf[pos++] = '\n';
        for (int i = 0; i < depth; i++) {
            buf[pos++] = ' ';
        }
    }

    private boolean putLimb(long limb, boolean started) {
        if (!started) {
            if (limb == 0) {
                return false;
            }
            for (int shift = 60 - (Long.numberOfLeadingZeros(limb) & ~3); shift >= 0; shift -= 4) {
                buf[pos++] = HEX[(int) (limb >>> shift) & 0xf];
            }
            return true;
        }
        for (int shift = 60; shift >= 0; shift -= 4) {
            buf[pos++] = HEX[(int) (limb >>> shift) & 0xf];
        }
        return true;
    }

    private void putDecimal(long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        pos = end;
    }

    private void writeQuoted(String s) {
        put((byte) '"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            ensure(12);
            char c = s.charAt(i);
            if (c < 0x80) {
                putAsciiEscaped(c);
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xc0 | c >>> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[pos++] = (byte) (0xf0 | cp >>> 18);
                buf[pos++] = (byte) (0x80 | (cp >>> 12) & 0x3f);
                buf[pos++] = (byte) (0x80 | (cp >>> 6) & 0x3f);
                buf[pos++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate is not valid Unicode: Go writes invalid UTF-8 as the escaped replacement char.
                putUnicodeEscape(0xfffd);
            } else if (c == '\u2028' || c == '\u2029') {
                // Valid JSON but line terminators in JavaScript, so Go escapes them.
                putUnicodeEscape(c);
            } else {
                buf[pos++] = (byte) (0xe0 | c >>> 12);
                buf[pos++] = (byte) (0x80 | (c >>> 6) & 0x3f);
                buf[pos++] = (byte) (0x80 | c & 0x3f);
            }
        }
        put((byte) '"');
    }

    private void putAsciiEscaped(char c) {
        switch (c) {
            case '"' -> putEscape('"');
            case '\\' -> putEscape('\\');
            case '\n' -> putEscape('n');
            case '\r' -> putEscape('r');
            case '\t' -> putEscape('t');
            // Go 1.22 and later write these two short forms (earlier releases wrote \u0008 and \u000c).
            case '\b' -> putEscape('b');
            case '\f' -> putEscape('f');
            // HTML-safe: Marshal and MarshalIndent escape these so JSON can sit inside <script>.
            case '<', '>', '&' -> putUnicodeEscape(c);
            default -> {
                if (c < 0x20) {
                    putUnicodeEscape(c);
                } else {
                    buf[pos++] = (byte) c;
                }
            }
        }
    }

    private void putEscape(char c) {
        buf[pos++] = '\\';
        buf[pos++] = (byte) c;
    }

    private void putUnicodeEscape(int c) {
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = HEX[c >>> 12 & 0xf];
        buf[pos++] = HEX[c >>> 8 & 0xf];
        buf[pos++] = HEX[c >>> 4 & 0xf];
        buf[pos++] = HEX[c & 0xf];
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void putAll(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void ensure(int room) {
        if (buf.length - pos < room) {
            flushBuffer();
            if (buf.length < room) {
                throw new IllegalStateException("token of " + room + " bytes exceeds the JSON buffer");
            }
        }
    }

    private void flushBuffer() {
        if (pos == 0) {
            return;
        }
        try {
            out.write(buf, 0, pos);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("writing JSON: " + e.getMessage(), e);
        }
        pos = 0;
    }
}
