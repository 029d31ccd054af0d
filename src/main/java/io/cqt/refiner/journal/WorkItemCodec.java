package io.cqt.refiner.journal;

import io.cqt.refiner.types.Hash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored form of a work item: a version byte and the fields in order, nullable ones behind a presence flag.
 * Our own format rather than Java serialization, so that records can change without breaking old journals.
 */
final class WorkItemCodec {
    /**
     * Version 2 added {@code lossy}, version 3 {@code compatProfile}, version 4 {@code outputs}; older items read
     * with them null (outputs empty).
     */
    static final int VERSION = 4;

    private WorkItemCodec() {
    }

    static byte[] encode(WorkItem item) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(item.key());
            out.writeLong(item.blockHeight());
            writeHash(out, item.specimenHash());
            writeString(out, item.specimenUrl());
            out.writeUTF(item.state().label());
            writeString(out, item.reason());
            out.writeInt(item.attempts());
            writeHash(out, item.resultHash());
            writeString(out, item.resultCid());
            writeHash(out, item.proofTxHash());
            writeString(out, item.lossy());
            writeString(out, item.compatProfile());
            out.writeInt(item.outputs().size());
            for (Map.Entry<String, String> output : item.outputs().entrySet()) {
                out.writeUTF(output.getKey());
                out.writeUTF(output.getValue());
            }
            writeInstant(out, item.createdAt());
            writeInstant(out, item.updatedAt());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static WorkItem decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            int version = in.readUnsignedByte();
            if (version < 1 || version > VERSION) {
                throw new JournalException("work item stored in format " + version + ", this build reads 1 to "
                        + VERSION);
            }
            return new WorkItem(in.readUTF(), in.readLong(), readHash(in), readString(in),
                    WorkState.parse(in.readUTF()), readString(in), in.readInt(), readHash(in), readString(in),
                    readHash(in), version >= 2 ? readString(in) : null, version >= 3 ? readString(in) : null,
                    version >= 4 ? readOutputs(in) : Map.of(), readInstant(in), readInstant(in));
        } catch (IOException e) {
            throw new JournalException("corrupt work item in the journal: " + e, e);
        }
    }

    private static Map<String, String> readOutputs(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("negative output count " + count);
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            outputs.put(in.readUTF(), in.readUTF());
        }
        return outputs;
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeHash(DataOutputStream out, Hash value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.write(value.array());
        }
    }

    private static Hash readHash(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        byte[] bytes = new byte[Hash.SIZE];
        in.readFully(bytes);
        return Hash.wrap(bytes);
    }

    private static void writeInstant(DataOutputStream out, Instant value) throws IOException {
        out.writeLong(value.getEpochSecond());
        out.writeInt(value.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
