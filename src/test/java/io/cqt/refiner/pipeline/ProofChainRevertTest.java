package io.cqt.refiner.pipeline;

import static io.cqt.refiner.pipeline.ProofChainFixture.awaitItem;
import static io.cqt.refiner.pipeline.ProofChainFixture.filled;
import static io.cqt.refiner.proofchain.HardhatChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.http.HttpSettings;
import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.proofchain.Disposition;
import io.cqt.refiner.proofchain.HardhatChain;
import io.cqt.refiner.proofchain.ProofOutcome;
import io.cqt.refiner.proofchain.ProofRequest;
import io.cqt.refiner.proofchain.ProofSubmitter;
import io.cqt.refiner.proofchain.SenderOptions;
import io.cqt.refiner.proofchain.TransactionSender;
import io.cqt.refiner.testing.BoundedHttp;
import io.cqt.refiner.types.Hash;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each revert class of {@code submitBlockResultProof} (proof-chain.md) driven through the whole pipeline on the
 * real contract: a transient revert is retried with backoff and then proves; "already submitted" commits without a
 * second proof; a height out of bounds is skipped with the contract's reason; an operator without the producer role
 * stops proving (item kept pinned, prove health unhealthy) until the operator is fixed and the pipeline restarted.
 */
@ExtendWith(VertxExtension.class)
class ProofChainRevertTest {
    private static final String HICCUP = "test: a node hiccup";

    @TempDir
    Path temp;

    @Test
    void everyRevertClassIsHandledAsTheDocSays(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        ProofChainFixture.Loaded specimen = ProofChainFixture.e2eSpecimen();
        long height = specimen.height();
        Hash blockHash = specimen.blockHash();
        fixture.registerChain(height + 10);
        Cid cid = fixture.put(specimen.bytes());

        // An earlier proof of ours for this specimen landed (say, from a run whose journal was lost).
        Hash earlierSpecimen = filled(0x61);
        Hash earlierResult = filled(0x0e);
        ProofOutcome earlier = await(submitter(vertx, fixture).submit(new ProofRequest(ProofChainFixture.CHAIN,
                height, earlierSpecimen, earlierResult, "ipfs://" + cid)));
        assertEquals(Disposition.PROVED, earlier.disposition(), earlier::toString);
        long submissionsBefore = fixture.submissions(height);
        long sentBefore = fixture.minedNonce();

        // /ready over real HTTP, on any free port.
        JsonObject config = fixture.config(fixture.head() + 1).put(HttpSettings.PORT_KEY, 0);
        ProofChainMainVerticle main = new ProofChainMainVerticle();
        String deployment = await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));
        assertEquals(200, ready(main).statusCode());

        // Transient: the contract refuses with a reason nobody classified; the item waits, retries, then proves.
        fixture.forceRevert(HICCUP);
        Hash transientSpecimen = filled(0x62);
        // Another height: two proofs at one height would use up the operator's submissions (session closed).
        long transientHeight = height + 2;
        String transientKey = fixture.emit(transientHeight, blockHash, transientSpecimen, cid);
        WorkItem retrying = awaitItem(main::journal, transientKey, item -> item.attempts() >= 2);
        assertEquals(WorkState.PINNED, retrying.state(), () -> "while the revert lasts: " + retrying);
        assertTrue(retrying.reason().contains(HICCUP), retrying::reason);
        assertFalse(fixture.proof(transientHeight, transientSpecimen).exists());
        fixture.forceRevert("");
        WorkItem transientDone = awaitItem(main::journal, transientKey, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, transientDone.state(), () -> "after the revert: " + transientDone);
        assertEquals(transientDone.resultHash(), fixture.proof(transientHeight, transientSpecimen).resultHash());

        // Idempotent success and terminal skip, side by side.
        String alreadyKey = fixture.emit(height, blockHash, earlierSpecimen, cid);
        String outOfBoundsKey = fixture.emit(height + 100, blockHash, filled(0x63), cid);
        WorkItem already = awaitItem(main::journal, alreadyKey, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, already.state(), () -> "already proved: " + already);
        assertEquals(earlier.transaction(), already.proofTxHash(), "the transaction that proved it");
        assertEquals(earlierResult, fixture.proof(height, earlierSpecimen).resultHash(),
                "the earlier proof was replaced");
        assertNotEquals(earlierResult, already.resultHash());
        WorkItem skipped = awaitItem(main::journal, outOfBoundsKey, WorkItem::isFinished);
        assertEquals(WorkState.SKIPPED, skipped.state(), () -> "out of bounds: " + skipped);
        assertTrue(skipped.reason().contains("Block height is out of bounds for live sync"), skipped::reason);
        assertFalse(fixture.proof(height + 100, filled(0x63)).exists());
        // One new proof in all (the transient item's): "already submitted" sent nothing.
        assertEquals(submissionsBefore, fixture.submissions(height));
        assertEquals(sentBefore + 1, fixture.minedNonce());

        // Fatal: the operator lost its role. Proving stops, the item stays pinned, health says why.
        fixture.registerOperator(false, true);
        Hash fatalSpecimen = filled(0x64);
        String fatalKey = fixture.emit(height + 1, blockHash, fatalSpecimen, cid);
        awaitItem(main::journal, fatalKey, item -> item.state() == WorkState.PINNED);
        JsonObject health = awaitUnhealthy(vertx);
        assertTrue(health.getString("detail").contains("Sender is not BLOCK_RESULT_PRODUCER_ROLE"),
                health::encode);
        HttpResponse<String> notReady = ready(main);
        assertEquals(503, notReady.statusCode(), notReady.body());
        assertTrue(notReady.body().contains("Sender is not BLOCK_RESULT_PRODUCER_ROLE"), notReady.body());
        // Several retry periods later it is still queued, with nothing recorded against it.
        Thread.sleep(2_000);
        WorkItem queued = main.journal().journal().get(fatalKey).orElseThrow();
        assertEquals(WorkState.PINNED, queued.state(), () -> "during the fatal stop: " + queued);
        assertEquals(0, queued.attempts(), () -> "a fatal stop was recorded as the item's failure: " + queued);
        assertFalse(fixture.proof(height + 1, fatalSpecimen).exists());

        // The operator fixes the role and restarts: the queued item is proved.
        fixture.registerOperator(true, true);
        await(vertx.undeploy(deployment));
        ProofChainMainVerticle restarted = new ProofChainMainVerticle();
        await(vertx.deployVerticle(restarted, new DeploymentOptions().setConfig(config)));
        WorkItem fatalDone = awaitItem(restarted::journal, fatalKey, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, fatalDone.state(), () -> "after the fix: " + fatalDone);
        assertEquals(fatalDone.resultHash(), fixture.proof(height + 1, fatalSpecimen).resultHash());
        assertEquals(200, ready(restarted).statusCode());
    }

    private static HttpResponse<String> ready(ProofChainMainVerticle main) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + main.observability().port() + "/ready");
        return new BoundedHttp().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static ProofSubmitter submitter(Vertx vertx, ProofChainFixture fixture) {
        TransactionSender sender = new TransactionSender(vertx, fixture.chain.rpc, fixture.operator,
                HardhatChain.CHAIN_ID, new SenderOptions(Duration.ofMillis(100), 50, 600, 15), sent -> { });
        return new ProofSubmitter(fixture.chain.rpc, sender, fixture.contract);
    }

    private static JsonObject awaitUnhealthy(Vertx vertx) throws InterruptedException {
        JsonObject health = null;
        for (int i = 0; i < 600; i++) {
            health = await(vertx.eventBus().<JsonObject>request(Addresses.PROVE_HEALTH, "")).body();
            if (!health.getBoolean("healthy")) {
                return health;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("proving never reported unhealthy: " + health);
    }
}
