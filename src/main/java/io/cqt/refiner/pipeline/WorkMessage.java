package io.cqt.refiner.pipeline;

import io.cqt.refiner.specimen.Specimen;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What travels between stages for one work item. Sending hands the payload over: never change it afterwards.
 *
 * @param key      the journal key of the work item
 * @param name     the stage's name for the item: the file to read (decode), the output file name (outbox)
 * @param payload  the bytes the stage works on (specimen bytes, result bytes); null when {@code name} is a file to read
 * @param specimen the decoded specimen, passed along within one JVM only; a message from another node arrives
 *                 without it and the receiver decodes {@code payload} again
 * @param outputs  the outputs of trace rules made beside the result, by rule name (execute's reply); empty otherwise
 */
public record WorkMessage(String key, String name, byte[] payload, Specimen specimen, Map<String, byte[]> outputs) {
    public WorkMessage {
        if (key == null) {
            throw new IllegalArgumentException("a work message needs its item's key");
        }
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public WorkMessage(String key, String name, byte[] payload, Specimen specimen) {
        this(key, name, payload, specimen, Map.of());
    }

    public static WorkMessage of(String key, String name, byte[] payload) {
        return new WorkMessage(key, name, payload, null);
    }
}
