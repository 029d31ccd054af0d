package io.cqt.refiner.pipeline;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Local sends pass the immutable message itself; on the wire go the key, the name and the payload (the decoded
 * specimen is a local shortcut and is left out). Layout: int length + UTF-8 key, int length (-1 = null) + UTF-8
 * name, int length (-1 = null) + payload, int count of outputs, each int length + UTF-8 rule name and int length +
 * bytes.
 */
public final class WorkMessageCodec implements MessageCodec<WorkMessage, WorkMessage> {
    public static final String NAME = "refiner.work-message";

    @Override
    public void encodeToWire(Buffer buffer, WorkMessage message) {
        writeBytes(buffer, message.key().getBytes(StandardCharsets.UTF_8));
        writeBytes(buffer, message.name() == null ? null : message.name().getBytes(StandardCharsets.UTF_8));
        writeBytes(buffer, message.payload());
        buffer.appendInt(message.outputs().size());
        message.outputs().forEach((rule, bytes) -> {
            writeBytes(buffer, rule.getBytes(StandardCharsets.UTF_8));
            writeBytes(buffer, bytes);
        });
    }

    @Override
    public WorkMessage decodeFromWire(int pos, Buffer buffer) {
        int[] at = {pos};
        byte[] key = readBytes(buffer, at);
        byte[] name = readBytes(buffer, at);
        byte[] payload = readBytes(buffer, at);
        if (key == null) {
            throw new IllegalStateException("work message from the wire has no key");
        }
        int count = buffer.getInt(at[0]);
        at[0] += 4;
        Map<String, byte[]> outputs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            outputs.put(new String(readBytes(buffer, at), StandardCharsets.UTF_8), readBytes(buffer, at));
        }
        return new WorkMessage(new String(key, StandardCharsets.UTF_8),
                name == null ? null : new String(name, StandardCharsets.UTF_8), payload, null, outputs);
    }

    @Override
    public WorkMessage transform(WorkMessage message) {
        return message;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }

    private static void writeBytes(Buffer buffer, byte[] bytes) {
        if (bytes == null) {
            buffer.appendInt(-1);
        } else {
            buffer.appendInt(bytes.length).appendBytes(bytes);
        }
    }

    private static byte[] readBytes(Buffer buffer, int[] at) {
        int length = buffer.getInt(at[0]);
        at[0] += 4;
        if (length < 0) {
            return null;
        }
        byte[] bytes = buffer.getBytes(at[0], at[0] + length);
        at[0] += length;
        return bytes;
    }
}
