package io.cqt.refiner.result;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A test-only emulation of Go's {@code json.MarshalIndent(v, "", " ")} over a generic, order-preserving JSON tree,
 * written from the encoding/json rules and independent of the code under test: it gives the expected bytes for the
 * values in the tree.
 */
final class GoMarshalIndent {
    private GoMarshalIndent() {
    }

    static String render(JsonNode node) {
        StringBuilder out = new StringBuilder();
        render(node, 0, out);
        return out.toString();
    }

    private static void render(JsonNode node, int level, StringBuilder out) {
        if (node.isObject()) {
            if (node.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append('\n').append(" ".repeat(level + 1));
                quote(field.getKey(), out);
                out.append(": ");
                render(field.getValue(), level + 1, out);
                if (fields.hasNext()) {
                    out.append(',');
                }
            }
            out.append('\n').append(" ".repeat(level)).append('}');
        } else if (node.isArray()) {
            if (node.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append('\n').append(" ".repeat(level + 1));
                render(node.get(i), level + 1, out);
                if (i + 1 < node.size()) {
                    out.append(',');
                }
            }
            out.append('\n').append(" ".repeat(level)).append(']');
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue().toString());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isNull()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("the emulation covers no " + node.getNodeType());
        }
    }

    /** Go's string encoding with HTML escaping (as Marshal and MarshalIndent do), Go 1.22+ short escapes. */
    static void quote(String s, StringBuilder out) {
        out.append('"');
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    boolean surrogate = cp >= 0xd800 && cp <= 0xdfff;
                    if (surrogate) {
                        out.append("\\ufffd");
                    } else if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x2028 || cp == 0x2029) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        out.append('"');
    }
}
