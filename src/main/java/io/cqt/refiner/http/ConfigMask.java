package io.cqt.refiner.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.cqt.refiner.logging.Redaction;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A config as it may be shown (on {@code /status}): secrets replaced by {@value #MASK}. Masked are values under a
 * key naming a secret (private, secret, password, token, or ending in "key"), anything that looks like a private
 * key (64 hex digits), and the parts of URLs that carry credentials ({@link Redaction#url}: user info, path,
 * query; RPC providers put API keys there).
 */
public final class ConfigMask {
    public static final String MASK = Redaction.MASK;
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(private|secret|password|passwd|token).*|.*key");
    private static final Pattern HEX_SECRET = Pattern.compile("(0[xX])?[0-9a-fA-F]{64}");

    private ConfigMask() {
    }

    public static JsonObject mask(JsonObject config) {
        JsonObject masked = new JsonObject();
        for (Map.Entry<String, Object> entry : config) {
            masked.put(entry.getKey(), SECRET_KEY.matcher(entry.getKey()).matches() && entry.getValue() != null
                    ? MASK : value(entry.getValue()));
        }
        return masked;
    }

    private static Object value(Object value) {
        if (value instanceof JsonObject object) {
            return mask(object);
        }
        if (value instanceof JsonArray array) {
            JsonArray masked = new JsonArray();
            array.forEach(element -> masked.add(value(element)));
            return masked;
        }
        if (value instanceof String text) {
            return text(text);
        }
        return value;
    }

    private static String text(String text) {
        String stripped = text.strip();
        if (HEX_SECRET.matcher(stripped).matches()) {
            return MASK;
        }
        return Redaction.isUrl(stripped) ? Redaction.url(stripped) : text;
    }
}
