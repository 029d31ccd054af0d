package io.cqt.refiner.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cqt.refiner.types.Hash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result let through by the loss policy stays flagged on its item; items stored before the flag still read. */
class LossyFlagTest {
    private static final Hash SPECIMEN = Hash.fromHex("0x" + "a1".repeat(32));
    private static final Hash RESULT = Hash.fromHex("0x" + "5e".repeat(32));
    private static final String LOSS = "tx 46 (type 4): authorization list lost";

    @TempDir
    Path dir;

    @Test
    void theFlagSurvivesEveryLaterStepAndAReopenAndGoesWithARetry() {
        Path file = dir.resolve(Journal.FILE_NAME);
        String key = "1_22433670_aa_bb";
        try (Journal journal = Journal.open(file)) {
            journal.discover(key, 22433670, SPECIMEN, null);
            journal.fetched(key, "ipfs://specimen");
            WorkItem executed = journal.executed(key, RESULT, LOSS, "evm-server-1.2");
            assertEquals(LOSS, executed.lossy());
            assertEquals("evm-server-1.2", executed.compatProfile());
            journal.pinned(key, "bafyresult");
            journal.proving(key, Hash.fromHex("0x" + "7c".repeat(32)));
            assertEquals(LOSS, journal.committed(key).lossy());
        }
        try (Journal journal = Journal.open(file)) {
            assertEquals(LOSS, journal.get(key).orElseThrow().lossy());
            assertEquals("evm-server-1.2", journal.get(key).orElseThrow().compatProfile(), "kept through a reopen");
            journal.discover("1_1_cc_dd", 1, SPECIMEN, null);
            journal.fetched("1_1_cc_dd", "ipfs://other");
            assertNull(journal.executed("1_1_cc_dd", RESULT).lossy(), "a verified result is not flagged");
            journal.discover("1_2_cc_dd", 2, SPECIMEN, null);
            journal.fetched("1_2_cc_dd", "ipfs://other");
            journal.executed("1_2_cc_dd", RESULT, LOSS, "evm-server-1.3");
            journal.aborted("1_2_cc_dd", "test");
            WorkItem retried = journal.retry("1_2_cc_dd");
            assertNull(retried.lossy(), "a retried item executes afresh");
            assertNull(retried.compatProfile(), "a retried item executes afresh");
        }
    }

    @Test
    void anItemStoredInFormatOneReadsWithoutTheFlag() throws IOException {
        // Format 1, written field by field as the codec before the flag wrote it.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeUTF("1_7_aa_bb");
            out.writeLong(7);
            out.writeBoolean(true);
            out.write(SPECIMEN.array());
            out.writeBoolean(true);
            out.writeUTF("ipfs://specimen");
            out.writeUTF("executed");
            out.writeBoolean(false); // reason
            out.writeInt(0);
            out.writeBoolean(true);
            out.write(RESULT.array());
            out.writeBoolean(false); // result CID
            out.writeBoolean(false); // proof tx
            out.writeLong(1_700_000_000L);
            out.writeInt(0);
            out.writeLong(1_700_000_001L);
            out.writeInt(5);
        }
        WorkItem item = WorkItemCodec.decode(bytes.toByteArray());
        assertEquals(WorkState.EXECUTED, item.state());
        assertEquals(RESULT, item.resultHash());
        assertNull(item.lossy());
        assertNull(item.compatProfile(), "journaled before profiles existed");
        assertEquals(Instant.ofEpochSecond(1_700_000_001L, 5), item.updatedAt());
        assertEquals(item, WorkItemCodec.decode(WorkItemCodec.encode(item)));
    }
}
