package io.cqt.refiner.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void aLineKeepsPrintableTextAndEscapesTheRest() {
        assertEquals("café → x", SafeText.line("café → x"));
        assertEquals("a b \\u0000 \\u0085 \\u2028 \\u001b[2J", SafeText.line("a\nb \u0000 \u0085 \u2028 \u001b[2J"));
    }

    @Test
    void aQuoteIsEscapedAndCut() {
        assertEquals("\"say \\\"hi\\\"\\n\"", SafeText.quote("say \"hi\"\n"));
        String quoted = SafeText.quote("x".repeat(SafeText.QUOTE_LIMIT + 10));
        assertTrue(quoted.startsWith("\"" + "x".repeat(SafeText.QUOTE_LIMIT) + "\"…"), quoted);
        assertTrue(quoted.endsWith("(" + (SafeText.QUOTE_LIMIT + 10) + " characters)"), quoted);
    }

    @Test
    void quotedBytesShowEveryNonAsciiByteInHex() {
        byte[] bytes = {'a', 0, '\n', (byte) 0x85, (byte) 0xff, '"'};
        assertEquals("\"a\\x00\\x0a\\x85\\xff\\\"\"", SafeText.quote(bytes, 0, bytes.length));
    }

    @Test
    void aLongMessageIsCutAndSaysHowMuchWasLeftOut() {
        String line = SafeText.line("y".repeat(SafeText.LINE_LIMIT + 5));
        assertTrue(line.endsWith("… (5 more characters)"), line);
    }
}
