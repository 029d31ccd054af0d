package io.cqt.refiner.specimen.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.cqt.refiner.types.AsciiSlice;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link JsonValue} tree from a parser over a byte array. Jackson's own tree turns every string into a
 * String through a char buffer, which was nearly half of decoding a JSON specimen; here a string of printable ASCII
 * without escapes (every hex and base64 value) is kept as a slice of the input, and Jackson skips over it. Any
 * other string is decoded by Jackson, with its checks. Tokens, nesting and number limits stay Jackson's.
 */
final class JsonTree {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final JsonValue.Null NULL = new JsonValue.Null();
    private static final JsonValue.Bool TRUE = new JsonValue.Bool(true);
    private static final JsonValue.Bool FALSE = new JsonValue.Bool(false);

    private final JsonParser parser;
    private final byte[] input;
    private final int maxStringLength;

    private JsonTree(JsonParser parser, byte[] input) {
        this.parser = parser;
        this.input = input;
        this.maxStringLength = parser.streamReadConstraints().getMaxStringLength();
    }

    /** The value starting at the parser's next token, or null when the input holds none. */
    static JsonValue read(JsonParser parser, byte[] input) throws IOException {
        JsonToken first = parser.nextToken();
        return first == null ? null : new JsonTree(parser, input).value(first);
    }

    private JsonValue value(JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> object();
            case START_ARRAY -> array();
            case VALUE_STRING -> new JsonValue.Str(string());
            case VALUE_NUMBER_INT -> new JsonValue.Num(parser.getBigIntegerValue(), null);
            case VALUE_NUMBER_FLOAT -> new JsonValue.Num(null, stripped(parser.getDecimalValue()));
            case VALUE_TRUE -> TRUE;
            case VALUE_FALSE -> FALSE;
            case VALUE_NULL -> NULL;
            default -> throw new IllegalStateException("unexpected JSON token " + token);
        };
    }

    private JsonValue object() throws IOException {
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        String name;
        while ((name = parser.nextFieldName()) != null) {
            fields.put(name, value(parser.nextToken()));
        }
        return new JsonValue.Obj(fields);
    }

    private JsonValue array() throws IOException {
        List<JsonValue> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            items.add(value(token));
        }
        return new JsonValue.Arr(items);
    }

    /** The current string token: a slice of the input when it is plain ASCII, else Jackson's decoded text. */
    private CharSequence string() throws IOException {
        long quote = parser.currentTokenLocation().getByteOffset();
        if (quote >= 0 && quote < input.length && input[(int) quote] == '"') {
            int from = (int) quote + 1;
            for (int i = firstSpecial(input, from); i < input.length; i++) {
                int b = input[i];
                if (b == '"') {
                    if (i - from > maxStringLength) {
                        throw new StreamConstraintsException("String value length (" + (i - from)
                                + ") exceeds the maximum allowed (" + maxStringLength
                                + ", from `StreamReadConstraints.getMaxStringLength()`)");
                    }
                    return new AsciiSlice(input, from, i);
                }
                if (b == '\\' || b < 0x20) { // escapes, control bytes and (as negative bytes) non-ASCII
                    break;
                }
            }
        }
        return parser.getText();
    }

    /**
     * Where the first byte at or after {@code from} that may end a plain string is ('"', '\\', a control byte or a
     * non-ASCII one), or a little before it: eight bytes are tested at once, as a long.
     */
    private static int firstSpecial(byte[] bytes, int from) {
        int i = from;
        for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
            long w = (long) LONGS.get(bytes, i);
            long quote = w ^ 0x2222222222222222L;
            long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
            // Zero-byte and less-than tests: exact for the lowest flagged byte, the only one used.
            long flagged = ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash
                    | (w - 0x2020202020202020L) & ~w | w) & HIGH_BITS;
            if (flagged != 0) {
                return i + (Long.numberOfTrailingZeros(flagged) >>> 3);
            }
        }
        return i;
    }

    /** Jackson's tree strips a float's trailing zeros ({@code JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES}). */
    private static BigDecimal stripped(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
}
