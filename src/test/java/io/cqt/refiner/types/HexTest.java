package io.cqt.refiner.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hex and base64 read from a slice of bytes give what the same text as a String gives, errors included. */
class HexTest {

    private static AsciiSlice sliceOf(String text) {
        // Padding on both sides: the slice must read only its own range.
        byte[] bytes = ("zz" + text + "zz").getBytes(StandardCharsets.ISO_8859_1);
        return new AsciiSlice(bytes, 2, 2 + text.length());
    }

    @Test
    void decodingASliceEqualsDecodingTheString() {
        Random random = new Random(11);
        String digits = "0123456789abcdefABCDEF";
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder(random.nextBoolean() ? "0x" : random.nextBoolean() ? "0X" : "");
            int length = random.nextInt(70);
            for (int i = 0; i < length; i++) {
                sb.append(digits.charAt(random.nextInt(digits.length())));
            }
            String text = sb.toString();
            assertArrayEquals(Hex.decode(text), Hex.decode(sliceOf(text)), text);
        }
    }

    @Test
    void aNonDigitAnywhereFailsAlike() {
        for (String text : new String[] {"0xg0", "0x0g", "0x123g", "g", "0x12 ", "0x-1", "12é3"}) {
            IllegalArgumentException fromString = assertThrows(IllegalArgumentException.class,
                    () -> Hex.decode(text));
            IllegalArgumentException fromSlice = assertThrows(IllegalArgumentException.class,
                    () -> Hex.decode(sliceOf(text)));
            assertEquals(fromString.getMessage(), fromSlice.getMessage(), text);
        }
    }

    @Test
    void digitValuesOfEveryCharacter() {
        for (int c = -1; c < 0x300; c++) {
            int expected = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            assertEquals(expected, Hex.digitValue(c), "character " + c);
        }
    }

    @Test
    void encodeWritesLowerCaseWithPrefix() {
        assertEquals("0x00ff10ab", Hex.encode(new byte[] {0, (byte) 0xff, 0x10, (byte) 0xab}));
        assertEquals("0x", Hex.encode(new byte[0]));
    }

    @Test
    void base64FromASliceEqualsBase64FromTheString() {
        Random random = new Random(13);
        for (int n = 0; n < 2_000; n++) {
            byte[] raw = new byte[random.nextInt(100)];
            random.nextBytes(raw);
            String text = java.util.Base64.getEncoder().encodeToString(raw);
            assertArrayEquals(raw, Bytes.fromBase64(sliceOf(text)).toArray());
            assertArrayEquals(raw, Bytes.fromBase64(text).toArray());
        }
        IllegalArgumentException fromString = assertThrows(IllegalArgumentException.class,
                () -> Bytes.fromBase64("ab$d"));
        IllegalArgumentException fromSlice = assertThrows(IllegalArgumentException.class,
                () -> Bytes.fromBase64(sliceOf("ab$d")));
        assertEquals(fromString.getMessage(), fromSlice.getMessage());
    }
}
