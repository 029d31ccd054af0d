package io.cqt.refiner.evmserver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The bodies of a {@code multipart/form-data} message (RFC 7578 / RFC 2046 section 5.1), concatenated in order, as
 * the reference evm-server reads its input. Part headers and names are ignored.
 */
final class Multipart {
    private Multipart() {
    }

    /**
     * The boundary of a {@code multipart/form-data} Content-Type, or null when the type is another one.
     *
     * @throws MultipartException when the type is multipart/form-data without a usable boundary
     */
    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] params = contentType.split(";");
        if (!params[0].trim().toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
            return null;
        }
        for (int i = 1; i < params.length; i++) {
            String p = params[i].trim();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
                String value = p.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (value.isEmpty() || value.length() > 70) {
                    throw new MultipartException("multipart boundary must be 1 to 70 characters");
                }
                return value;
            }
        }
        throw new MultipartException("no multipart boundary in the Content-Type");
    }

    /** Every part's body, concatenated in message order. */
    static byte[] concatenatedBodies(byte[] message, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] innerDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(message, delimiter, 0);
        if (at < 0) {
            throw new MultipartException("multipart body has no boundary line");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        int pos = at + delimiter.length;
        while (true) {
            if (startsWith(message, pos, "--")) {
                return out.toByteArray(); // the close delimiter
            }
            int lineEnd = indexOf(message, "\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            if (lineEnd < 0) {
                throw new MultipartException("multipart body ends inside a boundary line");
            }
            int headersEnd = startsWith(message, lineEnd, "\r\n\r\n") ? lineEnd
                    : indexOf(message, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), lineEnd);
            if (headersEnd < 0) {
                throw new MultipartException("multipart part has no end of headers");
            }
            int bodyStart = headersEnd + 4;
            int next = indexOf(message, innerDelimiter, bodyStart);
            if (next < 0) {
                throw new MultipartException("multipart body ends without its closing boundary");
            }
            out.write(message, bodyStart, next - bodyStart);
            pos = next + innerDelimiter.length;
        }
    }

    private static boolean startsWith(byte[] data, int at, String ascii) {
        if (at + ascii.length() > data.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (data[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A malformed multipart message or Content-Type. */
    static final class MultipartException extends RuntimeException {
        MultipartException(String message) {
            super(message);
        }
    }
}
