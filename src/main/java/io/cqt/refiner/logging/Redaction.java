package io.cqt.refiner.logging;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way the refiner shows a URL: RPC providers put API keys in the user info, the path and the query, so only
 * the scheme, the host and the port are shown, and whatever else the URL held becomes {@value #MASK}
 * ({@code https://user:pw@host:8545/v3/KEY?apikey=X} → {@code https://***@host:8545/***}). {@code /status} masks its
 * config with it, error lines ({@link SafeText#line}) and every log line (through the log encoder) mask every URL
 * they contain, and clients that know their URL also remove its secret parts where a library quotes them without
 * the host (a timeout's "executing POST /v3/KEY").
 */
public final class Redaction {
    public static final String MASK = "***";
    // A URL in free text; a trailing punctuation mark belongs to the sentence, not to the URL.
    private static final Pattern URL_IN_TEXT = Pattern.compile(
            "(?i)\\b(?:https?|wss?)://[^\\s\"'<>`]*[^\\s\"'<>`.,;:!?)\\]}]");
    // Vert.x's HTTP client names the request by its path alone ("while executing POST /v3/KEY for server h:443").
    private static final Pattern REQUEST_LINE = Pattern.compile(
            "(\\b(?:executing|request(?:ing)?) (?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) )(/\\S*)");

    private Redaction() {
    }

    /** Whether a text is an http(s) or ws(s) URL (and so is shown through {@link #url}). */
    public static boolean isUrl(String text) {
        String lower = text.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("ws://")
                || lower.startsWith("wss://");
    }

    /** A URL as it may be shown: scheme, host and port; user info, path and query masked. */
    public static String url(URI uri) {
        return uri == null ? "null" : url(uri.toString());
    }

    /** A URL as it may be shown; text that does not parse as one is masked whole. */
    public static String url(String text) {
        String stripped = text.strip();
        int schemeEnd = stripped.indexOf("://");
        if (schemeEnd <= 0) {
            return MASK;
        }
        String scheme = stripped.substring(0, schemeEnd);
        String rest = stripped.substring(schemeEnd + 3);
        int authorityEnd = indexOfAny(rest, "/?#");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String tail = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        int at = authority.lastIndexOf('@');
        String hostPort = at < 0 ? authority : authority.substring(at + 1);
        if (!hostPort.matches("[A-Za-z0-9.\\-_~%]+(:[0-9]*)?|\\[[0-9A-Fa-f:.]+](:[0-9]*)?")) {
            return scheme + "://" + MASK;
        }
        return scheme + "://" + (at >= 0 ? MASK + "@" : "") + hostPort
                + (tail.isEmpty() || tail.equals("/") ? tail : "/" + MASK);
    }

    /** Every URL in a text shown through {@link #url(String)}, and request paths a library quotes masked. */
    public static String inText(String text) {
        if (text == null || text.indexOf('/') < 0) {
            return text;
        }
        Matcher urls = URL_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (urls.find()) {
            urls.appendReplacement(out, Matcher.quoteReplacement(url(urls.group())));
        }
        urls.appendTail(out);
        Matcher requests = REQUEST_LINE.matcher(out);
        return requests.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "/" + MASK));
    }

    /**
     * A text with every URL masked and, besides, every secret-bearing part of {@code known} (its user info, path
     * and query, raw and decoded) removed wherever it appears: for messages from a client of that URL, whose
     * libraries and servers may quote a part of it alone (a server echoing the path it did not find).
     */
    public static String inText(String text, URI known) {
        if (text == null) {
            return null;
        }
        // Whole URLs first, so that what remains of one after its parts are gone is never half a URL.
        String masked = inText(text);
        if (known != null) {
            for (String secret : secretParts(known)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }

    private static List<String> secretParts(URI uri) {
        List<String> parts = new ArrayList<>();
        addPart(parts, uri.getRawUserInfo());
        addPart(parts, uri.getUserInfo());
        String query = uri.getRawQuery();
        String path = uri.getRawPath();
        if (path != null && path.length() > 1) {
            // The longest first, so a path with its query goes before the path alone.
            if (query != null) {
                addPart(parts, path + "?" + query);
            }
            addPart(parts, path);
            addPart(parts, uri.getPath());
            // Each segment too: a server may name the one it did not like.
            for (String segment : path.split("/")) {
                addPart(parts, segment);
            }
        }
        addPart(parts, query);
        addPart(parts, uri.getQuery());
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                addPart(parts, eq >= 0 ? pair.substring(eq + 1) : pair);
            }
        }
        parts.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return parts;
    }

    private static void addPart(List<String> parts, String part) {
        // Parts too short to be a secret would mask ordinary words ("v1", "rpc").
        if (part != null && part.length() >= 4 && !parts.contains(part)) {
            parts.add(part);
        }
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
