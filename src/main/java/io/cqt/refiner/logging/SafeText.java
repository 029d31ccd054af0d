package io.cqt.refiner.logging;

/**
 * Makes text that came from input fit for a one-line message: error lines, logs and journal abort reasons are read
 * on terminals and parsed line by line, so a NUL, a newline or a U+0085 copied from a corrupt file must not reach
 * them as it is. Every message that quotes input goes through here.
 */
public final class SafeText {
    /** Characters of input quoted at most; the rest is counted, not shown. */
    public static final int QUOTE_LIMIT = 64;
    /** Characters of a whole message at most. */
    public static final int LINE_LIMIT = 2000;

    private SafeText() {
    }

    /** The input in double quotes, escaped, and cut after {@link #QUOTE_LIMIT} characters. */
    public static String quote(CharSequence input) {
        StringBuilder out = new StringBuilder(Math.min(input.length(), QUOTE_LIMIT) + 24).append('"');
        int shown = Math.min(input.length(), QUOTE_LIMIT);
        for (int i = 0; i < shown; i++) {
            char c = input.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else {
                appendEscaped(out, c);
            }
        }
        out.append('"');
        if (shown < input.length()) {
            out.append("… (").append(input.length()).append(" characters)");
        }
        return out.toString();
    }

    /** Input bytes as a quoted string: printable ASCII as it is, any other byte as {@code \xNN}. */
    public static String quote(byte[] input, int offset, int length) {
        int shown = Math.min(length, QUOTE_LIMIT);
        StringBuilder out = new StringBuilder(shown + 24).append('"');
        for (int i = offset; i < offset + shown; i++) {
            int b = input[i] & 0xff;
            if (b == '"' || b == '\\') {
                out.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append("\\x").append(hex(b, 2));
            }
        }
        out.append('"');
        if (shown < length) {
            out.append("… (").append(length).append(" bytes)");
        }
        return out.toString();
    }

    /**
     * A message as one printable line: URLs shown without their secrets ({@link Redaction#inText}), control and
     * invisible characters escaped, cut at {@link #LINE_LIMIT}.
     */
    public static String line(String text) {
        if (text == null) {
            return null;
        }
        String message = Redaction.inText(text);
        StringBuilder out = new StringBuilder(Math.min(message.length(), LINE_LIMIT) + 16);
        int shown = Math.min(message.length(), LINE_LIMIT);
        for (int i = 0; i < shown; i++) {
            char c = message.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(' ');
            } else {
                appendEscaped(out, c);
            }
        }
        if (shown < message.length()) {
            out.append("… (").append(message.length() - shown).append(" more characters)");
        }
        return out.toString();
    }

    private static void appendEscaped(StringBuilder out, char c) {
        if (printable(c)) {
            out.append(c);
        } else if (c == '\n') {
            out.append("\\n");
        } else if (c == '\t') {
            out.append("\\t");
        } else if (c == '\r') {
            out.append("\\r");
        } else {
            out.append("\\u").append(hex(c, 4));
        }
    }

    private static String hex(int value, int digits) {
        String h = Integer.toHexString(value);
        return "0".repeat(digits - h.length()) + h;
    }

    /** Whether a character shows as itself on one line (a lone surrogate or a format character does not). */
    private static boolean printable(char c) {
        if (c >= 0x20 && c < 0x7f) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> false;
            default -> c != '\ufffd';
        };
    }
}
