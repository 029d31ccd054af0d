package io.cqt.refiner.pipeline;

import static io.cqt.refiner.pipeline.ProofChainFixture.awaitItem;
import static io.cqt.refiner.pipeline.ProofChainFixture.filled;
import static io.cqt.refiner.proofchain.HardhatChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Hash;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 22433670's specimen lost tx 46's authorization list (a type-4 transaction): its result differs from the header
 * only where that loss explains. With the default loss policy it is proved and the journal flags the item with
 * the loss; with {@code lossPolicy: abort} it is aborted and never proved.
 */
@ExtendWith(VertxExtension.class)
class ProofChainLossyTest {
    @TempDir
    Path temp;

    @Test
    void aLossyResultIsProvedFlaggedOrAbortedByPolicy(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        ProofChainFixture.Loaded specimen = ProofChainFixture.load(SharedData.specimen(22433670L,
                "specimen-codec-0.38.avro"));
        long height = specimen.height();
        Cid cid = fixture.put(specimen.bytes());

        var config = fixture.config(fixture.head() + 1);
        ProofChainMainVerticle main = new ProofChainMainVerticle();
        String deployment = await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));
        Hash provedSpecimen = filled(0x91);
        String provedKey = fixture.emit(height, specimen.blockHash(), provedSpecimen, cid);
        WorkItem proved = awaitItem(main::journal, provedKey, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, proved.state(), () -> "prove policy: " + proved);
        assertNotNull(proved.lossy(), () -> "a lossy result proved without a flag: " + proved);
        assertTrue(proved.lossy().contains("tx 46"), proved::lossy);
        assertEquals(proved.resultHash(), fixture.proof(height, provedSpecimen).resultHash());
        await(vertx.undeploy(deployment));

        ProofChainMainVerticle strict = new ProofChainMainVerticle();
        await(vertx.deployVerticle(strict, new DeploymentOptions().setConfig(config.copy()
                .put("lossPolicy", "abort"))));
        Hash abortedSpecimen = filled(0x92);
        String abortedKey = fixture.emit(height + 1, specimen.blockHash(), abortedSpecimen, cid);
        WorkItem aborted = awaitItem(strict::journal, abortedKey, WorkItem::isFinished);
        assertEquals(WorkState.ABORTED, aborted.state(), () -> "abort policy: " + aborted);
        assertTrue(aborted.reason().contains("loss policy is abort"), aborted::reason);
        assertFalse(fixture.proof(height + 1, abortedSpecimen).exists());
        // The first item's flag is still on it in the journal the second run opened.
        assertEquals(proved.lossy(), strict.journal().journal().get(provedKey).orElseThrow().lossy());
    }
}
