package io.cqt.refiner.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void aUrlKeepsSchemeHostAndPortOnly() {
        assertEquals("https://***@rpc.example:8545/***", Redaction.url("https://user:pw@rpc.example:8545/v3/k?x=1"));
        assertEquals("https://host/***", Redaction.url("https://host/v1/SECRET?apikey=X"));
        assertEquals("https://host/***", Redaction.url("https://host?apikey=X"));
        assertEquals("http://127.0.0.1:3001", Redaction.url("http://127.0.0.1:3001"));
        assertEquals("http://127.0.0.1:3001/", Redaction.url("http://127.0.0.1:3001/"));
        assertEquals("http://[::1]:8545/***", Redaction.url("http://[::1]:8545/key"));
        assertEquals("http://***", Redaction.url("http://a b@@/x"));
    }

    @Test
    void everyUrlInATextIsMaskedAndTheSentenceKept() {
        assertEquals("request to https://host/*** failed: refused.",
                Redaction.inText("request to https://host/v1/SECRET?apikey=X failed: refused."));
        assertEquals("nodes (http://a:1, wss://***@b/***)",
                Redaction.inText("nodes (http://a:1, wss://u:p@b/k)"));
        assertEquals("no URL here: /etc/refiner/refiner.yaml", Redaction.inText("no URL here: /etc/refiner/refiner.yaml"));
    }

    @Test
    void aRequestPathQuotedByTheHttpClientIsMasked() {
        assertEquals("The timeout period of 30000ms has been exceeded while executing POST /*** for server h:443",
                Redaction.inText("The timeout period of 30000ms has been exceeded while executing POST "
                        + "/v1/SECRET?apikey=X for server h:443"));
    }

    @Test
    void theSecretPartsOfAKnownUrlGoWhereverTheyAppear() {
        URI known = URI.create("https://op:PASSWORD@host/v1/PATHKEY?apikey=QUERYKEY");
        String text = Redaction.inText("HTTP 404: no route /v1/PATHKEY (key QUERYKEY, user op:PASSWORD)", known);
        assertFalse(text.contains("PATHKEY") || text.contains("QUERYKEY") || text.contains("PASSWORD"), text);
    }

    @Test
    void errorLinesGoThroughIt() {
        assertEquals("cannot reach https://host/***", SafeText.line("cannot reach https://host/v1/SECRET"));
    }
}
