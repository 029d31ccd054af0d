package io.cqt.refiner.pipeline;

import static io.cqt.refiner.pipeline.ProofChainFixture.awaitItem;
import static io.cqt.refiner.pipeline.ProofChainFixture.filled;
import static io.cqt.refiner.proofchain.HardhatChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.http.HttpSettings;
import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.UnixFsImporter;
import io.cqt.refiner.journal.Journal;
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
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production contract's session rules as the whole pipeline meets them on the project's contract (which keeps
 * them): with a submission limit of 1 a proof of ours that already landed is refused as "too many", yet the item
 * commits with the transaction that proved it and nothing is sent again; and a height the live-sync window has
 * passed is skipped before anything is fetched, executed or uploaded.
 */
@ExtendWith(VertxExtension.class)
class ProofChainSessionTest {
    @TempDir
    Path temp;

    @Test
    void ourLandedProofAndAFreshJournalCommitWithoutFetchingOrSendingAgain(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        fixture.setMaxSubmissions(1);
        ProofChainFixture.Loaded specimen = ProofChainFixture.e2eSpecimen();
        Hash specimenHash = filled(0x71);
        // The specimen's CID, but nothing in the store: a fetch would fail and be retried, never commit.
        Cid cid = UnixFsImporter.cidOf(specimen.bytes());
        ProofOutcome earlier = landOurProof(vertx, fixture, specimen.height(), specimenHash, cid);
        long sent = fixture.minedNonce();

        ProofChainMainVerticle main = deploy(vertx, fixture);
        String key = fixture.emit(specimen.height(), specimen.blockHash(), specimenHash, cid);
        WorkItem done = awaitItem(main::journal, key, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, done.state(), done::toString);
        assertEquals(earlier.transaction(), done.proofTxHash(), "the transaction that proved it");
        assertEquals(0, done.attempts(), () -> "no failed fetch before the commit: " + done);
        assertEquals(sent, fixture.minedNonce(), "a second proof transaction was sent");
        assertEquals(sent, fixture.pendingNonce());
        assertEquals(1, fixture.submissions(specimen.height()));
        assertTrue(storedFiles(fixture) == 0, "nothing was uploaded");
    }

    @Test
    void ourProofLandingWhileTheItemWasPinnedCommitsAtProving(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        fixture.setMaxSubmissions(1);
        ProofChainFixture.Loaded specimen = ProofChainFixture.e2eSpecimen();
        Hash specimenHash = filled(0x72);
        Cid cid = fixture.put(specimen.bytes());
        String key = ProofChainFixture.key(specimen.height(), specimen.blockHash(), specimenHash);
        // This instance got as far as pinning; meanwhile another instance with our key proved the specimen.
        Hash ourResult = filled(0x0f);
        try (Journal journal = Journal.open(Files.createDirectories(fixture.data).resolve(Journal.FILE_NAME))) {
            journal.discover(key, specimen.height(), specimenHash, "ipfs://" + cid);
            journal.fetched(key, "ipfs://" + cid);
            journal.executed(key, ourResult);
            journal.pinned(key, cid.toString());
        }
        ProofOutcome other = landOurProof(vertx, fixture, specimen.height(), specimenHash, cid);
        long sent = fixture.minedNonce();

        ProofChainMainVerticle main = deploy(vertx, fixture);
        WorkItem done = awaitItem(main::journal, key, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, done.state(), done::toString);
        assertEquals(other.transaction(), done.proofTxHash());
        assertEquals(sent, fixture.minedNonce(), "a second proof transaction was sent");
        assertEquals(1, fixture.submissions(specimen.height()));
    }

    @Test
    void aHeightTheWindowHasPassedIsSkippedBeforeAnyWork(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        ProofChainFixture.Loaded specimen = ProofChainFixture.e2eSpecimen();
        long height = specimen.height();
        // The target chain is 1,000 blocks past this height and the window is ±10: no session can open for it.
        fixture.chain.hook(fixture.contract, "setSecondsPerBlockCurrentChain",
                new org.web3j.abi.datatypes.generated.Uint256(BigInteger.valueOf(12)));
        fixture.setChainData(BigInteger.valueOf(height + 1_000), BigInteger.valueOf(fixture.head()),
                BigInteger.valueOf(20), 2, 1);
        Cid cid = UnixFsImporter.cidOf(specimen.bytes()); // not stored: a fetch could not succeed
        long sent = fixture.minedNonce();

        ProofChainMainVerticle main = deploy(vertx, fixture);
        String key = fixture.emit(height, specimen.blockHash(), filled(0x73), cid);
        WorkItem skipped = awaitItem(main::journal, key, WorkItem::isFinished);
        assertEquals(WorkState.SKIPPED, skipped.state(), skipped::toString);
        assertTrue(skipped.reason().contains("live-sync window"), skipped::reason);
        assertEquals(0, skipped.attempts(), () -> "it was tried before the skip: " + skipped);
        assertEquals(null, skipped.resultHash(), "it was executed");
        assertEquals(0, storedFiles(fixture), "something was uploaded");
        assertEquals(sent, fixture.minedNonce());
        String metrics = metrics(main);
        assertTrue(metrics.contains("refiner_items_skipped_before_work_total{reason=\"out_of_window\"} 1.0"),
                metrics);
        assertFalse(metrics.contains("reason=\"session_closed\""), metrics);
    }

    private static ProofOutcome landOurProof(Vertx vertx, ProofChainFixture fixture, long height, Hash specimenHash,
            Cid cid) {
        TransactionSender sender = new TransactionSender(vertx, fixture.chain.rpc, fixture.operator,
                HardhatChain.CHAIN_ID, new SenderOptions(Duration.ofMillis(100), 50, 600, 15), tx -> { });
        ProofOutcome outcome = await(new ProofSubmitter(fixture.chain.rpc, sender, fixture.contract).submit(
                new ProofRequest(ProofChainFixture.CHAIN, height, specimenHash, filled(0x0e), "ipfs://" + cid)));
        assertEquals(Disposition.PROVED, outcome.disposition(), outcome::toString);
        return outcome;
    }

    private static ProofChainMainVerticle deploy(Vertx vertx, ProofChainFixture fixture) {
        JsonObject config = fixture.config(fixture.head() + 1).put(HttpSettings.PORT_KEY, 0);
        ProofChainMainVerticle main = new ProofChainMainVerticle();
        await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));
        return main;
    }

    private static long storedFiles(ProofChainFixture fixture) throws Exception {
        Path store = fixture.data.resolve("store");
        if (!Files.exists(store)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static String metrics(ProofChainMainVerticle main) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + main.observability().port() + "/metrics");
        HttpResponse<String> response = new BoundedHttp().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
