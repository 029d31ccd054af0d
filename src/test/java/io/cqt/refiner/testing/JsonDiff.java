package io.cqt.refiner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Compares two JSON trees by value, the way the specimen formats mean them: a number may be written as a JSON
 * number or as a {@code "0x…"} string; everything else must be equal. Returns the differences, each with its path.
 */
public final class JsonDiff {
    private JsonDiff() {
    }

    public static List<String> diff(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("", expected, actual, out);
        return out;
    }

    private static void compare(String path, JsonNode expected, JsonNode actual, List<String> out) {
        if (out.size() > 50) {
            return;
        }
        if (expected == null || expected.isMissingNode()) {
            if (actual != null && !actual.isMissingNode() && !actual.isNull()) {
                out.add(path + ": absent in expected, actual " + brief(actual));
            }
            return;
        }
        if (actual == null || actual.isMissingNode()) {
            if (!expected.isNull()) {
                out.add(path + ": missing, expected " + brief(expected));
            }
            return;
        }
        BigInteger e = number(expected);
        BigInteger a = number(actual);
        if (e != null && a != null) {
            if (!e.equals(a)) {
                out.add(path + ": expected " + e + ", actual " + a);
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            Iterator<String> names = expected.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                compare(path + "." + name, expected.get(name), actual.get(name), out);
            }
            Iterator<String> actualNames = actual.fieldNames();
            while (actualNames.hasNext()) {
                String name = actualNames.next();
                if (!expected.has(name)) {
                    compare(path + "." + name, null, actual.get(name), out);
                }
            }
            return;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(path + ": expected " + expected.size() + " items, actual " + actual.size());
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(path + "[" + i + "]", expected.get(i), actual.get(i), out);
            }
            return;
        }
        if (!expected.equals(actual)) {
            out.add(path + ": expected " + brief(expected) + ", actual " + brief(actual));
        }
    }

    /** The integer a node stands for, or null when it is not a number or a 0x-quantity. */
    private static BigInteger number(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue();
        }
        if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            return d.stripTrailingZeros().scale() <= 0 ? d.toBigIntegerExact() : null;
        }
        if (node.isTextual() && node.textValue().startsWith("0x") && node.textValue().length() > 2
                && node.textValue().length() <= 66 + 2) {
            try {
                return new BigInteger(node.textValue().substring(2), 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String brief(JsonNode node) {
        if (node.isArray()) {
            return "array of " + node.size();
        }
        String s = node.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
