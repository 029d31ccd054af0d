package io.cqt.refiner.pipeline;

import static io.cqt.refiner.pipeline.ProofChainFixture.awaitItem;
import static io.cqt.refiner.pipeline.ProofChainFixture.filled;
import static io.cqt.refiner.proofchain.HardhatChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.types.Hash;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catching up: quorum events spread over many more proof-chain blocks than {@code blockBatch}, read from a start
 * height well behind the head. Every item is discovered and proved; the listener read the chain in contiguous
 * ranges of at most {@code blockBatch} blocks (seen on the wire through a recording proxy in front of Hardhat), and
 * the journal's committed height reached the head with no height left started.
 */
@ExtendWith(VertxExtension.class)
class ProofChainCatchUpTest {
    private static final int BLOCK_BATCH = 4;

    @TempDir
    Path temp;
    private HttpServer proxy;

    @AfterEach
    void stopProxy() {
        if (proxy != null) {
            await(proxy.close());
        }
    }

    /** An inclusive block range asked for with {@code eth_getLogs}. */
    private record Range(long from, long to) {
    }

    @Test
    void readsABacklogInBatchesAndProvesEveryItem(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        ProofChainFixture.Loaded specimen = ProofChainFixture.e2eSpecimen();
        Cid cid = fixture.put(specimen.bytes());
        long start = fixture.head() + 1;

        List<String> keys = new ArrayList<>();
        List<Long> eventBlocks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Hash specimenHash = filled(0x81 + i);
            keys.add(fixture.emit(specimen.height() + i, specimen.blockHash(), specimenHash, cid));
            eventBlocks.add(fixture.head());
            await(fixture.chain.rpc.call("hardhat_mine", "0x7")); // empty blocks between the events
        }
        long backlogHead = fixture.head();
        assertTrue(backlogHead - start + 1 > 4 * BLOCK_BATCH, "the backlog must span several batches");

        List<Range> reads = new CopyOnWriteArrayList<>();
        String proxied = startRecordingProxy(vertx, fixture.chain.rpc.url(), reads);
        JsonObject config = fixture.config(start).put("NODE_ETHEREUM_MAINNET", proxied)
                .put("blockBatch", BLOCK_BATCH);
        ProofChainMainVerticle main = new ProofChainMainVerticle();
        await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));

        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            WorkItem item = awaitItem(main::journal, key, WorkItem::isFinished);
            assertEquals(WorkState.COMMITTED, item.state(), () -> "item " + key + ": " + item);
            Hash specimenHash = filled(0x81 + i);
            assertEquals(item.resultHash(), fixture.proof(specimen.height() + i, specimenHash).resultHash());
        }

        // Contiguous ranges from the start height, none wider than a batch, until the backlog was read.
        List<Range> backlog = new ArrayList<>();
        for (Range range : reads) {
            backlog.add(range);
            if (range.to() >= backlogHead) {
                break;
            }
        }
        assertEquals(start, backlog.get(0).from(), () -> "reads: " + reads);
        assertTrue(backlog.get(backlog.size() - 1).to() >= backlogHead, () -> "reads: " + reads);
        for (int i = 0; i < backlog.size(); i++) {
            Range range = backlog.get(i);
            assertTrue(range.to() >= range.from() && range.to() - range.from() + 1 <= BLOCK_BATCH,
                    () -> "range " + range + " is wider than blockBatch; reads: " + reads);
            if (i > 0) {
                assertEquals(backlog.get(i - 1).to() + 1, range.from(), () -> "a gap or overlap: " + reads);
            }
        }
        assertTrue(backlog.size() >= (backlogHead - start + BLOCK_BATCH) / BLOCK_BATCH, () -> "reads: " + reads);
        for (long block : eventBlocks) {
            assertTrue(backlog.stream().anyMatch(r -> r.from() <= block && block <= r.to()),
                    () -> "event block " + block + " never read; reads: " + reads);
        }

        // The journal agrees: every height up to the head is committed, none is left started.
        long committed = await(main.journal().run(j -> j.highestCommittedHeight().orElse(-1)));
        assertTrue(committed >= backlogHead, () -> "committed height " + committed + ", head " + backlogHead);
        boolean heightLeftStarted = await(main.journal().run(j -> j.lowestUnfinishedHeight().isPresent()));
        assertFalse(heightLeftStarted, "a height was started and never committed");
    }

    /**
     * One item in flight and an hour between polls (and retries): only ticking again at once when items were
     * discovered and whenever an item leaves gets the three items of a backlog proved; waiting for the poll would
     * leave each for an hour.
     */
    @Test
    void aFreedSlotTakesTheNextItemAtOnceNotAtTheNextPoll(Vertx vertx) throws Exception {
        ProofChainFixture fixture = ProofChainFixture.create(vertx, temp);
        ProofChainFixture.Loaded specimen = ProofChainFixture.e2eSpecimen();
        Cid cid = fixture.put(specimen.bytes());
        long start = fixture.head() + 1;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(fixture.emit(specimen.height() + i, specimen.blockHash(), filled(0x91 + i), cid));
        }
        JsonObject config = fixture.config(start).put("maxInFlight", 1).put("pollMillis", 3_600_000)
                .put("retryMillis", 3_600_000);
        ProofChainMainVerticle main = new ProofChainMainVerticle();
        await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));
        for (String key : keys) {
            WorkItem item = awaitItem(main::journal, key, WorkItem::isFinished);
            assertEquals(WorkState.COMMITTED, item.state(), () -> "item " + key + ": " + item);
        }
    }

    /** A JSON-RPC pass-through to {@code target} that records every {@code eth_getLogs} range; returns its URL. */
    private String startRecordingProxy(Vertx vertx, String target, List<Range> reads) {
        WebClient client = WebClient.create(vertx);
        proxy = await(vertx.createHttpServer().requestHandler(request -> request.body()
                .compose(body -> {
                    JsonObject call = body.toJsonObject();
                    if ("eth_getLogs".equals(call.getString("method"))) {
                        JsonObject filter = call.getJsonArray("params").getJsonObject(0);
                        reads.add(new Range(Long.decode(filter.getString("fromBlock")),
                                Long.decode(filter.getString("toBlock"))));
                    }
                    return client.postAbs(target).putHeader("content-type", "application/json").sendBuffer(body);
                })
                .onSuccess(reply -> request.response().putHeader("content-type", "application/json")
                        .end(reply.body()))
                .onFailure(e -> request.response().setStatusCode(502).end(String.valueOf(e))))
                .listen(0, "127.0.0.1"));
        return "http://127.0.0.1:" + proxy.actualPort();
    }
}
