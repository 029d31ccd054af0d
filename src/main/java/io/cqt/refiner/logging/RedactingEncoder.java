package io.cqt.refiner.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;

/**
 * Passes every encoded log line (its message, arguments and stack trace alike) through {@link Redaction#inText}:
 * a URL can reach a log line from code that forgot to mask it, or inside a library's exception message.
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> inner;

    RedactingEncoder(Encoder<ILoggingEvent> inner) {
        this.inner = inner;
    }

    @Override
    public byte[] headerBytes() {
        return inner.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] encoded = inner.encode(event);
        if (encoded == null) {
            return null;
        }
        String text = new String(encoded, StandardCharsets.UTF_8);
        String redacted = Redaction.inText(text);
        return redacted.equals(text) ? encoded : redacted.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return inner.footerBytes();
    }

    @Override
    public void start() {
        inner.start();
        super.start();
    }

    @Override
    public void stop() {
        inner.stop();
        super.stop();
    }
}
