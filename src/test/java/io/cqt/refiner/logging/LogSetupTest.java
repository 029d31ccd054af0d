package io.cqt.refiner.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogSetupTest {
    private static String log(LogSetup.Format format) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's own start-up gives its context
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogSetup.configure(context, format, out);
        Logger logger = context.getLogger("io.cqt.refiner.journal.transitions");
        logger.debug("not shown");
        logger.atInfo().addKeyValue("item", "file:a.avro").log("{}: {} → {}", "file:a.avro", "pinned", "commit");
        context.stop();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonIsOneObjectPerLineWithTheItemKey() throws Exception {
        String[] lines = log(LogSetup.Format.JSON).strip().split("\n");
        assertEquals(1, lines.length, "INFO and up only, one line per event");
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        assertEquals("INFO", line.get("level").asText(), lines[0]);
        assertTrue(line.has("loggerName"), lines[0]);
        assertEquals("io.cqt.refiner.journal.transitions", line.get("loggerName").asText());
        assertEquals("file:a.avro: pinned → commit", line.get("formattedMessage").asText());
        assertEquals("file:a.avro", line.get("kvpList").get(0).get("item").asText());
        assertTrue(line.get("timestamp").asLong() > 0);
    }

    @Test
    void textIsAPlainLine() {
        String text = log(LogSetup.Format.TEXT).strip();
        assertFalse(text.contains("\n"), text);
        assertTrue(text.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[.+] INFO  io\\.cqt\\.refiner\\.journal\\.transitions - "
                + "file:a\\.avro: pinned → commit"), text);
    }

    @Test
    void formatChosenByPropertyThenEnvironment() {
        Properties none = new Properties();
        assertEquals(LogSetup.Format.TEXT, LogSetup.Format.select(none, Map.of()));
        assertEquals(LogSetup.Format.JSON, LogSetup.Format.select(none, Map.of(LogSetup.ENV, "JSON")));
        Properties text = new Properties();
        text.setProperty(LogSetup.PROPERTY, "text");
        assertEquals(LogSetup.Format.TEXT, LogSetup.Format.select(text, Map.of(LogSetup.ENV, "json")));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LogSetup.Format.select(none, Map.of(LogSetup.ENV, "xml")));
        assertEquals("REFINER_LOG_FORMAT=xml: expected text or json", bad.getMessage());
    }
}
