package io.cqt.refiner.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A remote evm-server's result is checked against the header before it may be proved. The results here are the
 * reference's bytes as our own evm-server (`refiner serve-evm`) produces them: the reference's semantics, with no
 * repair of the specimens' known losses.
 */
class RemoteResultCheckTest {
    private final ReferenceExecutor reference = new ReferenceExecutor(CompatProfiles.DEFAULT);

    private byte[] referenceResult(BlockReplica replica) {
        return reference.bytes(replica);
    }

    @Test
    void aCorrectResultPasses() throws IOException {
        BlockReplica replica = SpecimenReader.readReplica(SharedData.specimen(17090940L, "specimen-codec-0.35.avro"));
        assertNull(RemoteResultCheck.mismatch(replica, referenceResult(replica)));
    }

    @Test
    void theReferencesResultForABlockWithLostCodeIsCaught() throws IOException {
        // specimen-format.md: without the code-size repair, 16791900 diverges from mainnet at tx 114.
        BlockReplica replica = SpecimenReader.readReplica(SharedData.specimen(16791900L, "specimen-codec-0.32.avro"));
        String mismatch = RemoteResultCheck.mismatch(replica, referenceResult(replica));
        assertNotNull(mismatch);
        assertTrue(mismatch.contains("gas") || mismatch.contains("bloom"), mismatch);
    }

    @Test
    void aChangedLogOrAGarbageReplyIsCaught() throws IOException {
        BlockReplica replica = SpecimenReader.readReplica(SharedData.specimen(17090940L, "specimen-codec-0.35.avro"));
        String result = new String(referenceResult(replica), StandardCharsets.UTF_8);
        String topic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
        assertTrue(result.contains(topic));
        String changedLog = result.replaceFirst(topic, "0x" + "11".repeat(32));
        assertEquals("the logs bloom of the evm-server's result differs from the header's",
                RemoteResultCheck.mismatch(replica, changedLog.getBytes(StandardCharsets.UTF_8)));

        assertTrue(RemoteResultCheck.mismatch(replica, "{\"error\": \"ERROR(2): boom\"}"
                .getBytes(StandardCharsets.UTF_8)).startsWith("the evm-server's reply is not a block result"));
    }
}
