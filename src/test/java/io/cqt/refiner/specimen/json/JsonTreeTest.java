package io.cqt.refiner.specimen.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.types.AsciiSlice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Our tree against Jackson's own on the same text: same values, same JSON back, same errors. */
class JsonTreeTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static final JsonFactory FACTORY = new JsonFactory();

    private static JsonValue ours(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = FACTORY.createParser(bytes)) {
            return JsonTree.read(parser, bytes);
        }
    }

    @Test
    void everyStringShapeReadsAsJacksonReadsIt() throws IOException {
        // Lengths 0..40 put the closing quote at every offset of the eight-byte scan; the special character
        // goes at every position too.
        String[] specials = {"", "\\\"", "\\\\", "\\n", "\\u00e9", "é", "😀", "\\/", "\\t", "\\u0000"};
        for (int length = 0; length <= 40; length++) {
            for (String special : specials) {
                for (int at = 0; at <= length; at += special.isEmpty() ? length + 1 : 3) {
                    String body = "a".repeat(at) + special + "b".repeat(length - at);
                    String json = "{\"k\":\"" + body + "\",\"after\":[\"x\",1]}";
                    assertEquals(JACKSON.readTree(json).toString(), ours(json).toString(), json);
                    JsonValue.Str value = (JsonValue.Str) ((JsonValue.Obj) ours(json)).fields().get("k");
                    assertEquals(JACKSON.readTree(json).get("k").textValue(), value.text().toString(), json);
                    if (special.isEmpty()) {
                        assertInstanceOf(AsciiSlice.class, value.text(), "plain ASCII stays a slice: " + json);
                    }
                }
            }
        }
    }

    @Test
    void numbersBooleansNullsAndNestingMatchJackson() throws IOException {
        String[] documents = {
            "{\"a\":1,\"b\":-0,\"c\":18446744073709551616,\"d\":1.50,\"e\":6.470752280216348e+17,\"f\":1e3}",
            "{\"t\":true,\"f\":false,\"n\":null,\"o\":{},\"l\":[],\"deep\":[[{\"x\":[0.0,100.0]}]]}",
            "[1,\"two\",{\"three\":3}]",
            "\"top\"",
            "{\"dup\":1,\"dup\":2}",
        };
        for (String json : documents) {
            assertEquals(JACKSON.readTree(json).toString(), ours(json).toString(), json);
        }
    }

    @Test
    void randomAsciiDocumentsMatchJackson() throws IOException {
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder sb = new StringBuilder("{");
            int fields = random.nextInt(6);
            for (int f = 0; f < fields; f++) {
                sb.append(f == 0 ? "" : ",").append("\"f").append(f).append("\":\"");
                int length = random.nextInt(70);
                for (int i = 0; i < length; i++) {
                    int c = 0x20 + random.nextInt(0x5f);
                    sb.append(c == '"' || c == '\\' ? "\\" + (char) c : String.valueOf((char) c));
                }
                sb.append('"');
            }
            String json = sb.append('}').toString();
            assertEquals(JACKSON.readTree(json).toString(), ours(json).toString(), json);
        }
    }

    @Test
    void aControlByteInAStringIsRejectedAsJacksonRejectsIt() {
        String json = "{\"k\":\"abc\u0001def\"}";
        JsonProcessingException theirs = assertThrows(JsonProcessingException.class, () -> JACKSON.readTree(json));
        JsonProcessingException mine = assertThrows(JsonProcessingException.class, () -> ours(json));
        assertEquals(theirs.getOriginalMessage(), mine.getOriginalMessage());
    }

    @Test
    void anUnterminatedStringIsAnError() {
        assertThrows(JsonProcessingException.class, () -> ours("{\"k\":\"abcdefghijklmnop"));
    }

    @Test
    void noInputIsNoValue() throws IOException {
        assertEquals(null, ours("   "));
    }
}
