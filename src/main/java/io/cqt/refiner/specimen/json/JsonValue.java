package io.cqt.refiner.specimen.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value, as {@link JsonTree} builds it. Strings are {@link CharSequence}s: plain ASCII ones stay
 * slices of the input. {@link #toString()} writes compact JSON, as Jackson's nodes do, for error messages.
 */
sealed interface JsonValue {

    record Obj(Map<String, JsonValue> fields) implements JsonValue {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{");
            fields.forEach((name, value) -> {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(quoted(name)).append(':').append(value);
            });
            return sb.append('}').toString();
        }
    }

    record Arr(List<JsonValue> items) implements JsonValue {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("[");
            for (JsonValue item : items) {
                if (sb.length() > 1) {
                    sb.append(',');
                }
                sb.append(item);
            }
            return sb.append(']').toString();
        }
    }

    record Str(CharSequence text) implements JsonValue {
        @Override
        public String toString() {
            return quoted(text);
        }
    }

    /**
     * A number: an integer exactly, a float as a decimal with trailing zeros stripped (as Jackson's tree keeps it).
     *
     * @param integer the value of an integer, null for a float
     * @param decimal the value of a float, null for an integer
     */
    record Num(BigInteger integer, BigDecimal decimal) implements JsonValue {
        boolean isFloat() {
            return decimal != null;
        }

        BigDecimal asDecimal() {
            return decimal != null ? decimal : new BigDecimal(integer);
        }

        @Override
        public String toString() {
            return decimal != null ? decimal.toString() : integer.toString();
        }
    }

    record Bool(boolean value) implements JsonValue {
        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    record Null() implements JsonValue {
        @Override
        public String toString() {
            return "null";
        }
    }

    private static String quoted(CharSequence text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
