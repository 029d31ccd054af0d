package io.cqt.refiner.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Logging for every command, found by Logback through {@code META-INF/services}: INFO and up on standard error (standard
 * output carries the commands' data), as plain lines by default or one JSON object per line with
 * {@code REFINER_LOG_FORMAT=json} (or {@code -Drefiner.log.format=json}, which wins). JSON lines carry the level,
 * time, thread, logger, the formatted message, the key-value pairs (the pipeline puts the item's key there) and any
 * stack trace. Every line shows URLs without their secrets ({@link Redaction}).
 * {@code -Dlogback.configurationFile=FILE} still hands logging to a file of the operator's.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    public static final String ENV = "REFINER_LOG_FORMAT";
    public static final String PROPERTY = "refiner.log.format";

    /** How log lines look. */
    public enum Format {
        TEXT, JSON;

        /** From {@code -Drefiner.log.format}, else {@code REFINER_LOG_FORMAT}, else text; an unknown value is named. */
        public static Format select(Properties properties, Map<String, String> env) {
            String chosen = properties.getProperty(PROPERTY);
            String source = "-D" + PROPERTY;
            if (chosen == null || chosen.isBlank()) {
                chosen = env.get(ENV);
                source = ENV;
            }
            if (chosen == null || chosen.isBlank()) {
                return TEXT;
            }
            return switch (chosen.strip().toLowerCase(Locale.ROOT)) {
                case "text", "plain" -> TEXT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException(source + "=" + chosen + ": expected text or json");
            };
        }
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Format format;
        try {
            format = Format.select(System.getProperties(), System.getenv());
        } catch (IllegalArgumentException e) {
            // Logging is not up yet: say it once on stderr and go on readable.
            System.err.println("refiner: " + e.getMessage() + "; logging as text");
            format = Format.TEXT;
        }
        configure(context, format, System.err);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sends INFO and up of {@code context} to {@code out} in {@code format}. */
    public static void configure(LoggerContext context, Format format, OutputStream out) {
        Encoder<ILoggingEvent> encoder = new RedactingEncoder(format == Format.JSON ? json(context) : text(context));
        encoder.setContext(context);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName(format.name().toLowerCase(Locale.ROOT));
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        // Never closed by logback: standard error outlives the context.
        appender.setOutputStream(out == System.err ? new PrintStream(out, true) {
            @Override
            public void close() {
                flush();
            }
        } : out);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(Level.INFO);
        root.addAppender(appender);
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n");
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        return encoder;
    }
}
