package io.cqt.refiner.result;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cqt.refiner.types.UInt256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go encoding/json rules, one at a time; expected texts are typed from the rules, not produced by the writer. */
class GoJsonWriterTest {

    /** The smallest buffer the writer accepts, so that every flush path runs. */
    private static String write(Consumer<GoJsonWriter> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GoJsonWriter json = new GoJsonWriter(out, 1);
        body.accept(json);
        json.finish();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String string(String value) {
        return write(json -> json.stringValue(value));
    }

    @Test
    void escapesHtmlCharacters() {
        assertEquals("\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\"", string("<a href=\"x\">&amp;</a>"));
    }

    @Test
    void escapesQuoteAndBackslash() {
        assertEquals("\"a\\\"b\\\\c\"", string("a\"b\\c"));
    }

    @Test
    void escapesControlCharacters() {
        assertEquals("\"\\n\\r\\t\\b\\f\"", string("\n\r\t\b\f"));
        assertEquals("\"\\u0000\\u0001\\u001f\\u000b\"", string("\u0000\u0001\u001f\u000b"));
    }

    @Test
    void leavesDeleteAndOtherAsciiAlone() {
        assertEquals("\"\u007f ~/'\"", string("\u007f ~/'"));
    }

    @Test
    void escapesJavaScriptLineTerminators() {
        assertEquals("\"a\\u2028b\\u2029c\"", string("a\u2028b\u2029c"));
    }

    @Test
    void writesOtherUnicodeAsUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GoJsonWriter json = new GoJsonWriter(out, 1);
        json.stringValue("é€😀");
        json.finish();
        assertArrayEquals(new byte[] {'"', (byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x82, (byte) 0xac,
                (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, '"'}, out.toByteArray());
    }

    @Test
    void replacesInvalidUnicodeWithEscapedReplacementCharacter() {
        // A lone surrogate cannot be encoded as UTF-8: the Java counterpart of Go's invalid UTF-8 input.
        assertEquals("\"a\\ufffdb\\ufffd\"", string("a\uD800b\uDC00"));
    }

    @Test
    void escapesKeysLikeStrings() {
        assertEquals("\"a\\u003cb\": ", new String(GoJsonWriter.key("a<b"), StandardCharsets.UTF_8));
    }

    @Test
    void emptyContainersStayOnOneLine() {
        String text = write(json -> {
            json.beginObject();
            json.name(GoJsonWriter.key("a"));
            json.beginArray();
            json.endArray();
            json.name(GoJsonWriter.key("b"));
            json.beginObject();
            json.endObject();
            json.name(GoJsonWriter.key("c"));
            json.beginArray();
            json.unsignedValue(1);
            json.beginArray();
            json.endArray();
            json.endArray();
            json.endObject();
        });
        assertEquals("{\n \"a\": [],\n \"b\": {},\n \"c\": [\n  1,\n  []\n ]\n}", text);
    }

    @Test
    void emptyTopLevelObject() {
        assertEquals("{}", write(json -> {
            json.beginObject();
            json.endObject();
        }));
    }

    @Test
    void nullsAndBooleans() {
        assertEquals("[\n null,\n true,\n false\n]", write(json -> {
            json.beginArray();
            json.nullValue();
            json.boolValue(true);
            json.boolValue(false);
            json.endArray();
        }));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "9, 9",
            "10, 10",
            "9223372036854775807, 9223372036854775807",
            "-1, 18446744073709551615",
    })
    void unsignedNumbersInDecimal(long value, String expected) {
        assertEquals(expected, write(json -> json.unsignedValue(value)));
    }

    @ParameterizedTest
    @CsvSource({
            "0, \"0x0\"",
            "1, \"0x1\"",
            "255, \"0xff\"",
            "20414765, \"0x137812d\"",
            "18446744073709551616, \"0x10000000000000000\"",
            "115792089237316195423570985008687907853269984665640564039457584007913129639935,"
                    + " \"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"",
    })
    void bigIntegersAsMinimalLowerCaseHex(String decimal, String expected) {
        UInt256 value = UInt256.of(new BigInteger(decimal));
        assertEquals(expected, write(json -> json.quantity(value)));
        if (value.bitLength() <= 64) {
            assertEquals(expected, write(json -> json.quantity(value.u0())));
        }
    }

    @Test
    void hexBytesFullWidthLowerCase() {
        assertEquals("\"0x000a0bff\"", write(json -> json.hexBytes(new byte[] {0, 10, 11, (byte) 0xff})));
        assertEquals("\"0x\"", write(json -> json.hexBytes(new byte[0])));
    }

    @ParameterizedTest
    @CsvSource({
            // RFC 4648 section 10 test vectors.
            "'', ''",
            "f, Zg==",
            "fo, Zm8=",
            "foo, Zm9v",
            "foob, Zm9vYg==",
            "fooba, Zm9vYmE=",
            "foobar, Zm9vYmFy",
    })
    void byteSlicesAsStandardBase64WithPadding(String raw, String expected) {
        assertEquals('"' + expected + '"', write(json -> json.base64(raw.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void largeValuesAcrossBufferBoundariesMatchTheJdkEncoders() {
        byte[] blob = new byte[131072 + 2];
        new Random(7).nextBytes(blob);
        for (int bufferSize : new int[] {1, 333, 1 << 16}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            GoJsonWriter json = new GoJsonWriter(out, bufferSize);
            json.beginArray();
            json.base64(blob);
            json.hexBytes(blob);
            json.endArray();
            json.finish();
            String expected = "[\n \"" + Base64.getEncoder().encodeToString(blob) + "\",\n \"0x"
                    + HexFormat.of().formatHex(blob) + "\"\n]";
            assertEquals(expected, out.toString(StandardCharsets.US_ASCII), "buffer " + bufferSize);
        }
    }

    @Test
    void byteArraysWithoutTextFormAreArraysOfNumbers() {
        assertEquals("[\n 0,\n 127,\n 128,\n 255\n]",
                write(json -> json.byteArrayAsNumbers(new byte[] {0, 127, (byte) 128, (byte) 255})));
    }

    @Test
    void refusesAnUnfinishedDocument() {
        GoJsonWriter json = new GoJsonWriter(new ByteArrayOutputStream());
        json.beginObject();
        assertThrows(IllegalStateException.class, json::finish);
    }
}
