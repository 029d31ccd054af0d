package io.cqt.refiner.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Hash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIDs of the outputs pinned beside a result stay on the item; items stored in format 3 still read. */
class RuleOutputsJournalTest {
    private static final Hash SPECIMEN = Hash.fromHex("0x" + "a1".repeat(32));
    private static final Hash RESULT = Hash.fromHex("0x" + "5e".repeat(32));

    @TempDir
    Path dir;

    @Test
    void theOutputsSurviveAReopenAndGoWithARetry() {
        Path file = dir.resolve(Journal.FILE_NAME);
        String key = "file:a.avro";
        Map<String, String> outputs = Map.of("state-diff", "bafydiff", "call-traces", "bafycalls");
        try (Journal journal = Journal.open(file)) {
            journal.discover(key, -1, null, null);
            journal.fetched(key, "file:///a.avro");
            journal.executed(key, RESULT, null, "evm-server-1.2", 7);
            assertEquals(outputs, journal.pinned(key, "bafyresult", outputs).outputs());
            assertEquals(outputs, journal.committed(key).outputs());
        }
        try (Journal journal = Journal.open(file)) {
            WorkItem item = journal.get(key).orElseThrow();
            assertEquals(outputs, item.outputs(), "kept through a reopen");
            assertEquals(java.util.List.of("call-traces", "state-diff"), java.util.List.copyOf(item.outputs().keySet()),
                    "in name order");
            assertEquals(item, WorkItemCodec.decode(WorkItemCodec.encode(item)));
        }
    }

    @Test
    void anItemStoredInFormatThreeReadsWithNoOutputs() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(3);
            out.writeUTF("file:old.avro");
            out.writeLong(7);
            out.writeBoolean(true);
            out.write(SPECIMEN.array());
            out.writeBoolean(false); // specimen URL
            out.writeUTF("committed");
            out.writeBoolean(false); // reason
            out.writeInt(0);
            out.writeBoolean(true);
            out.write(RESULT.array());
            out.writeBoolean(true);
            out.writeUTF("bafyresult");
            out.writeBoolean(false); // proof tx
            out.writeBoolean(false); // lossy
            out.writeBoolean(true);
            out.writeUTF("evm-server-1.2");
            out.writeLong(1_700_000_000L);
            out.writeInt(0);
            out.writeLong(1_700_000_001L);
            out.writeInt(5);
        }
        WorkItem item = WorkItemCodec.decode(bytes.toByteArray());
        assertEquals("bafyresult", item.resultCid());
        assertEquals("evm-server-1.2", item.compatProfile());
        assertTrue(item.outputs().isEmpty());
        assertEquals(item, WorkItemCodec.decode(WorkItemCodec.encode(item)));
    }
}
