package io.cqt.refiner.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The execute stage's work on real specimens, apart from the event bus. */
class ExecuteStageTest {
    private static final CompatProfile V12 = CompatProfiles.named("evm-server-1.2");

    @Test
    void aBlockThatVerifiesGivesTheReleasesBytesFromOneRun() throws Exception {
        Specimen specimen = SpecimenReader.read(SharedData.specimen(15892728L, "specimen-codec-0.31.avro"));
        ExecuteStage.Refined refined = new ExecuteStage(false, V12, CodeCache.withDefaultBound()).refine(specimen, List.of());
        assertNull(refined.lossy());
        assertEquals(15892728L, refined.block());
        assertEquals(specimen.replica().header().gasUsed(), refined.gas());
        // Nothing repaired and nothing the release decodes otherwise: the verified run is the reference's too.
        assertEquals(0, refined.phases().referenceNanos());
        assertTrue(refined.phases().runNanos() > 0 && refined.phases().bytesNanos() > 0, refined.phases().toString());
        assertArrayEquals(new ReferenceExecutor(V12).bytes(specimen.replica()), refined.result());
    }

    @Test
    void blobTransactionsTheReleaseDecodesAsType2NeedItsOwnRun() throws Exception {
        Specimen specimen = SpecimenReader.read(SharedData.specimen(19434485L, "specimen-codec-0.36.avro"));
        ExecuteStage.Refined refined = new ExecuteStage(true, V12, CodeCache.withDefaultBound()).refine(specimen, List.of());
        assertTrue(refined.phases().referenceNanos() > 0, refined.phases().toString());
        assertArrayEquals(new ReferenceExecutor(V12).bytes(specimen.replica()), refined.result());
    }

    @Test
    void aLossIsFlaggedOrRefusedAsThePolicySays() throws Exception {
        // This specimen.json carries no withdrawals; the header's root says there were some.
        Specimen specimen = SpecimenReader.read(SharedData.specimen(17090940L, "specimen.json"));
        ExecuteStage.Refined refined = new ExecuteStage(true, V12, CodeCache.withDefaultBound()).refine(specimen, List.of());
        assertNotNull(refined.lossy());
        assertTrue(refined.lossy().contains("withdrawals missing"), refined.lossy());
        ExecuteStage.Refused refused = assertThrows(ExecuteStage.Refused.class,
                () -> new ExecuteStage(false, V12, CodeCache.withDefaultBound()).refine(specimen, List.of()));
        assertTrue(refused.getMessage().contains("the loss policy is abort"), refused.getMessage());
    }
}
