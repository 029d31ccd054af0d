package io.cqt.refiner.pipeline;

import static io.cqt.refiner.pipeline.ProofChainFixture.awaitItem;
import static io.cqt.refiner.pipeline.ProofChainFixture.filled;
import static io.cqt.refiner.proofchain.HardhatChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.block.ReferenceExecutor;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.evmserver.EvmServer;
import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Hash;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote execution path end to end: the project's own {@code serve-evm} server ({@link EvmServer}) is the
 * pipeline's {@code evmServerUrl}; an item is proved through it; then the server goes away, its breaker opens and
 * the next item waits (never failed or aborted) until the server is back on the same port, and is then proved.
 */
@ExtendWith(VertxExtension.class)
class ProofChainRemoteExecuteTest {
    @TempDir
    Path temp;
    private EvmServer evmServer;
    private HttpServer listening;

    @AfterEach
    void stopServer() {
        if (listening != null) {
            await(listening.close());
        }
        if (evmServer != null) {
            evmServer.close();
        }
    }

    @Test
    void provesThroughTheEvmServerAndWaitsOutItsOutage(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        // A specimen without known losses: the reference's result for it matches the header (19434485's does not,
        // its lost code size makes the reference's gas differ, and the remote path rightly aborts it).
        ProofChainFixture.Loaded specimen = ProofChainFixture.load(SharedData.specimen(17090940L,
                "specimen-codec-0.35.avro"));
        long height = specimen.height();
        Cid cid = fixture.put(specimen.bytes());

        // As serve-evm runs it: the reference's executor, which repairs no loss.
        evmServer = new EvmServer(vertx, new ReferenceExecutor(CompatProfiles.DEFAULT), 1,
                1L << 28);
        listening = await(evmServer.listen("127.0.0.1", 0));
        int port = listening.actualPort();

        JsonObject config = fixture.config(fixture.head() + 1).put("evmServerUrl", "http://127.0.0.1:" + port);
        ProofChainMainVerticle main = new ProofChainMainVerticle();
        await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));

        Hash firstSpecimen = filled(0x71);
        String firstKey = fixture.emit(height, specimen.blockHash(), firstSpecimen, cid);
        WorkItem first = awaitItem(main::journal, firstKey, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, first.state(), () -> "through the evm-server: " + first);
        ProofChainFixture.Proof proof = fixture.proof(height, firstSpecimen);
        assertEquals(first.resultHash(), proof.resultHash());
        byte[] pinned = await(fixture.store.get(Cid.parse(first.resultCid())));
        assertEquals(ResultHashes.sha256(pinned), proof.resultHash());

        // The evm-server goes down: its breaker opens and the next item waits where it is.
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        vertx.eventBus().<JsonObject>consumer(Addresses.BREAKERS, message -> {
            if ("evm-server".equals(message.body().getString("name"))) {
                (("OPEN".equals(message.body().getString("state"))) ? opened : closed).countDown();
            }
        });
        await(listening.close());
        listening = null;
        Hash laterSpecimen = filled(0x72);
        String laterKey = fixture.emit(height + 1, specimen.blockHash(), laterSpecimen, cid);
        assertTrue(opened.await(60, TimeUnit.SECONDS), "the evm-server's breaker never opened");
        // Across several half-open probes (reset 1 s) the item neither fails nor moves on.
        for (int i = 0; i < 25; i++) {
            WorkItem waiting = main.journal().journal().get(laterKey).orElseThrow();
            assertEquals(WorkState.FETCHED, waiting.state(), () -> "during the outage: " + waiting);
            assertEquals(0, waiting.attempts(), () -> "the outage was recorded as a failure: " + waiting);
            Thread.sleep(100);
        }
        assertFalse(fixture.proof(height + 1, laterSpecimen).exists());

        listening = await(evmServer.listen("127.0.0.1", port));
        WorkItem later = awaitItem(main::journal, laterKey, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, later.state(), () -> "after the outage: " + later);
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the breaker did not close again");
        assertEquals(later.resultHash(), fixture.proof(height + 1, laterSpecimen).resultHash());
        // The same specimen gives the same result, before and after the outage.
        assertEquals(first.resultHash(), later.resultHash());
    }
}
