package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks shared by the remote stores: error bodies, snippets for messages, and content verified off the loop. */
final class HttpReplies {
    // The pinner writes {"error": "<message>"} without escaping the message, so it may not parse as JSON.
    private static final Pattern RAW_ERROR = Pattern.compile("^\\s*\\{\\s*\"error\"\\s*:\\s*\"(.*)\"\\s*}\\s*$",
            Pattern.DOTALL);
    private static final int SNIPPET = 120;

    private HttpReplies() {
    }

    /** The message of a {@code {"error": ...}} body, or null when the body is not one. */
    static String errorMessage(Buffer body) {
        if (body == null || body.length() == 0 || body.length() > 64 * 1024 || body.getByte(0) != '{') {
            return null;
        }
        String text = body.toString(StandardCharsets.UTF_8);
        try {
            Object error = new JsonObject(text).getValue("error");
            return error == null ? null : String.valueOf(error);
        } catch (DecodeException | ClassCastException e) {
            Matcher matcher = RAW_ERROR.matcher(text);
            return matcher.matches() ? matcher.group(1) : null;
        }
    }

    /** The start of a body for an error message, on one line. */
    static String snippet(Buffer body) {
        if (body == null || body.length() == 0) {
            return "(empty body)";
        }
        int length = Math.min(body.length(), SNIPPET);
        String text = body.getString(0, length, "UTF-8").replaceAll("[\\r\\n\\t]+", " ")
                .replaceAll("[^\\x20-\\x7e]", "?");
        return "'" + text + (body.length() > SNIPPET ? "...'" : "'") + " (" + body.length() + " bytes)";
    }

    /** Hashes fetched bytes on a worker and fails with a mismatch unless they are the content of {@code cid}. */
    static Future<byte[]> verified(Vertx vertx, Cid cid, Buffer body, String where) {
        return vertx.executeBlocking(() -> {
            byte[] bytes = body.getBytes();
            Cid actual = UnixFsImporter.cidOf(bytes);
            if (actual.equals(cid)) {
                return bytes;
            }
            if (bytes.length == 0) {
                throw new ContentStoreException(where + ": empty body (expected the content of " + cid + ")");
            }
            String error = errorMessage(body);
            if (error != null) {
                throw new ContentStoreException(where + ": error: " + error);
            }
            throw new ContentMismatchException(where + ": content does not match " + cid + " (its CID is " + actual
                    + "; body " + snippet(body) + ")");
        }, false);
    }
}
