package io.cqt.refiner.proofchain;

import static io.cqt.refiner.proofchain.HardhatChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint128;

/** The proofchain package against a real Hardhat node running the project's TestProofChain contract. */
@ExtendWith(VertxExtension.class)
class HardhatProofChainTest {
    private static final long CHAIN = 1;
    private static final long HEIGHT = 100;
    private static final long SAMPLE_INTERVAL = 5;
    private static final long MAX_HEIGHT = 1_000_000;
    private static final Hash SPECIMEN = Hash.wrap(filled(0x5a));
    private static final Hash RESULT = Hash.wrap(filled(0x7e));
    private static final Hash BLOCK_HASH = Hash.wrap(filled(0xb1));
    private static final String URL = "ipfs://bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

    private Vertx vertx;
    private HardhatChain chain;
    private Address contract;
    private OperatorKey operator;

    @BeforeEach
    void deploy(Vertx vertx) {
        this.vertx = vertx;
        chain = HardhatChain.connect(vertx);
        contract = chain.deployContract();
        operator = OperatorKey.fromHex(HardhatChain.OPERATOR_KEY, "test key");
        registerOperator(true, true);
        setChainData(MAX_HEIGHT, 2);
    }

    @AfterEach
    void restoreAutomine() {
        if (chain != null) {
            chain.setAutomine(true);
            chain.mine();
        }
    }

    @Test
    void listenerReadsTheQuorumEventTheUrlsAndTheSession() {
        chain.hook(contract, "addURL", new Bytes32(SPECIMEN.toArray()), new Utf8String(URL));
        chain.hook(contract, "addURL", new Bytes32(SPECIMEN.toArray()), new Utf8String("ipfs://second"));
        Hash tx = chain.hook(contract, "emitSpecimenQuorum", u64(CHAIN), u64(HEIGHT),
                new Uint256(BigInteger.valueOf(0b1011)), new Bytes32(BLOCK_HASH.toArray()),
                new Bytes32(SPECIMEN.toArray()));
        long block = await(chain.rpc.getTransactionReceipt(tx)).blockNumber();
        // Another event of the same contract in the range must not be picked up by the topic filter.
        chain.hook(contract, "closeSession", u64(CHAIN), u64(HEIGHT + 5));
        long head = await(chain.rpc.blockNumber());

        ProofChainReader reader = new ProofChainReader(chain.rpc, contract, contract);
        List<SpecimenQuorum> quorums = await(reader.specimenQuorums(block, head));
        assertEquals(1, quorums.size(), () -> "quorums: " + quorums);
        SpecimenQuorum quorum = quorums.getFirst();
        assertEquals(new SpecimenQuorum(CHAIN, HEIGHT, BigInteger.valueOf(0b1011), BLOCK_HASH, SPECIMEN, block, tx),
                quorum);
        assertEquals("1_100_" + "b1".repeat(32) + "_" + "5a".repeat(32), quorum.key());
        assertEquals(List.of(), await(reader.specimenQuorums(block + 1, head)));

        assertEquals(List.of(URL, "ipfs://second"), await(reader.urls(SPECIMEN)));
        assertEquals(List.of(), await(reader.urls(RESULT)));
        assertTrue(await(reader.isSessionOpen(CHAIN, HEIGHT, operator.address())));
        assertFalse(await(reader.isSessionOpen(CHAIN, HEIGHT + 5, operator.address())));
    }

    @Test
    void aProofLandsOnChainAndTheRepeatIsIdempotent() {
        ProofSubmitter submitter = submitter(sent -> { });
        ProofOutcome outcome = await(submitter.submit(request(SPECIMEN, RESULT, URL)));
        assertEquals(Disposition.PROVED, outcome.disposition(), outcome::detail);
        assertNotNull(outcome.transaction());

        // What the chain stored, read back through the contract's own getter.
        byte[] stored = chain.call(contract, FunctionEncoder.encode(new Function("getProof", List.of(u64(CHAIN),
                u64(HEIGHT), new org.web3j.abi.datatypes.Address(operator.address().toHex()),
                new Bytes32(SPECIMEN.toArray())), List.of())));
        List<Type> proof = FunctionReturnDecoder.decode(Hex.encode(stored), List.of(
                cast(new TypeReference<Bytes32>() { }), cast(new TypeReference<Utf8String>() { })));
        assertEquals(RESULT, Hash.wrap(((Bytes32) proof.get(0)).getValue()));
        assertEquals(URL, proof.get(1).getValue());

        // The transaction the operator signed is an EIP-1559 one from the operator's address.
        JsonObject tx = (JsonObject) await(chain.rpc.call("eth_getTransactionByHash", outcome.transaction().toHex()));
        assertEquals("0x2", tx.getString("type"));
        assertEquals(operator.address(), Address.fromHex(tx.getString("from")));

        ProofOutcome again = await(submitter.submit(request(SPECIMEN, RESULT, URL)));
        assertEquals(Disposition.ALREADY_PROVED, again.disposition(), again::detail);
        assertEquals("Operator already submitted for the provided block hash", again.detail());
    }

    @Test
    void concurrentSubmissionsTakeDistinctNonces() {
        ProofSubmitter submitter = submitter(sent -> { });
        Future<ProofOutcome> first = submitter.submit(request(SPECIMEN, RESULT, URL));
        Future<ProofOutcome> second = submitter.submit(request(Hash.wrap(filled(0x33)), RESULT, URL));
        ProofOutcome a = await(first);
        ProofOutcome b = await(second);
        assertEquals(Disposition.PROVED, a.disposition(), a::detail);
        assertEquals(Disposition.PROVED, b.disposition(), b::detail);
        long nonceA = nonceOf(a.transaction());
        long nonceB = nonceOf(b.transaction());
        assertEquals(1, Math.abs(nonceA - nonceB));
    }

    @Test
    void invalidArgumentsAbortTheItem() {
        expect(Disposition.ABORT, "Invalid specimen hash", request(Hash.ZERO, RESULT, URL));
        expect(Disposition.ABORT, "Invalid result hash", request(SPECIMEN, Hash.ZERO, URL));
        expect(Disposition.ABORT, "Invalid storage URL", request(SPECIMEN, RESULT, ""));
    }

    @Test
    void anUnregisteredOrUnstakedOperatorIsFatal() {
        registerOperator(false, true);
        expect(Disposition.FATAL, "Sender is not BLOCK_RESULT_PRODUCER_ROLE", request(SPECIMEN, RESULT, URL));
        registerOperator(true, false);
        expect(Disposition.FATAL, "Validator is not enabled", request(SPECIMEN, RESULT, URL));
        registerOperator(true, true);
        chain.hook(contract, "setForcedRevert", new Utf8String("Insufficiently staked to submit"));
        expect(Disposition.FATAL, "Insufficiently staked to submit", request(SPECIMEN, RESULT, URL));
    }

    @Test
    void anUnknownChainIsFatalAndAnUnsampledHeightIsSkipped() {
        expect(Disposition.FATAL, "Invalid chain ID",
                new ProofRequest(CHAIN + 98, HEIGHT, SPECIMEN, RESULT, URL));
        expect(Disposition.SKIP, "Invalid block height",
                new ProofRequest(CHAIN, HEIGHT + 1, SPECIMEN, RESULT, URL));
    }

    @Test
    void lateOrExcessSubmissionsAreSkipped() {
        expect(Disposition.SKIP, "Block height is out of bounds for live sync",
                new ProofRequest(CHAIN, MAX_HEIGHT + SAMPLE_INTERVAL, SPECIMEN, RESULT, URL));

        chain.hook(contract, "closeSession", u64(CHAIN), u64(HEIGHT));
        expect(Disposition.SKIP, "Session submissions have closed", request(SPECIMEN, RESULT, URL));

        chain.hook(contract, "setMaxSubmissions", u64(CHAIN), new Uint128(BigInteger.ONE));
        ProofRequest other = new ProofRequest(CHAIN, HEIGHT + SAMPLE_INTERVAL, SPECIMEN, RESULT, URL);
        assertEquals(Disposition.PROVED, await(submitter(sent -> { }).submit(other)).disposition());
        expect(Disposition.SKIP, "Max submissions limit exceeded", new ProofRequest(CHAIN, HEIGHT + SAMPLE_INTERVAL,
                Hash.wrap(filled(0x44)), RESULT, URL));
    }

    @Test
    void aSessionPastItsDeadlineIsClosed() {
        chain.hook(contract, "setSessionDuration", u64(3));
        ProofChainReader reader = new ProofChainReader(chain.rpc, contract, contract);
        assertEquals(Disposition.PROVED, await(submitter(sent -> { }).submit(request(SPECIMEN, RESULT, URL)))
                .disposition());
        assertTrue(await(reader.isSessionOpen(CHAIN, HEIGHT, operator.address())));
        await(chain.rpc.call("hardhat_mine", JsonRpcClient.quantity(10)));
        assertFalse(await(reader.isSessionOpen(CHAIN, HEIGHT, operator.address())));
        expect(Disposition.SKIP, "Session submissions have closed", request(Hash.wrap(filled(0x44)), RESULT, URL));
    }

    @Test
    void anUnknownRevertIsRetried() {
        chain.hook(contract, "setForcedRevert", new Utf8String("Pausable: paused"));
        expect(Disposition.RETRY, "Pausable: paused", request(SPECIMEN, RESULT, URL));
    }

    @Test
    void aRevertedReceiptIsClassifiedLikeARevert() {
        Promise<SentTransaction> sentPromise = Promise.promise();
        ProofSubmitter submitter = submitter(sentPromise::tryComplete);
        chain.setAutomine(false);
        Future<ProofOutcome> outcome = submitter.submit(request(SPECIMEN, RESULT, URL));
        await(sentPromise.future());
        // After the estimate passed and the proof is in the mempool, a higher-tipped hook lands first in the block.
        String data = FunctionEncoder.encode(new Function("setForcedRevert",
                List.of(new Utf8String("Session submissions have closed")), List.of()));
        chain.sendFromDeployer(new JsonObject().put("to", contract.toHex()).put("data", data)
                .put("maxPriorityFeePerGas", JsonRpcClient.quantity(100_000_000_000L))
                .put("maxFeePerGas", JsonRpcClient.quantity(200_000_000_000L)));
        chain.mine();

        ProofOutcome result = await(outcome);
        assertEquals(Disposition.SKIP, result.disposition(), result::detail);
        assertEquals("Session submissions have closed", result.detail());
        assertNotNull(result.transaction(), "the reverted transaction was mined");
        assertFalse(await(chain.rpc.getTransactionReceipt(result.transaction())).succeeded());
    }

    @Test
    void aStuckTransactionIsResubmittedWithHigherFees() {
        List<SentTransaction> sent = new CopyOnWriteArrayList<>();
        Promise<Void> bumped = Promise.promise();
        SenderOptions options = new SenderOptions(Duration.ofMillis(50), 2, 2_000, 15);
        TransactionSender sender = new TransactionSender(vertx, chain.rpc, operator, HardhatChain.CHAIN_ID, options,
                tx -> {
                    sent.add(tx);
                    if (tx.attempt() == 2) {
                        bumped.tryComplete();
                    }
                });
        ProofSubmitter submitter = new ProofSubmitter(chain.rpc, sender, contract);
        chain.setAutomine(false);
        Future<ProofOutcome> outcome = submitter.submit(request(SPECIMEN, RESULT, URL));
        await(bumped.future());
        chain.mine();

        ProofOutcome result = await(outcome);
        assertEquals(Disposition.PROVED, result.disposition(), result::detail);
        SentTransaction first = sent.getFirst();
        SentTransaction mined = sent.stream().filter(s -> s.hash().equals(result.transaction())).findFirst()
                .orElseThrow(() -> new AssertionError("mined " + result.transaction() + " was not sent: " + sent));
        assertTrue(mined.attempt() >= 2, () -> "mined attempt " + mined);
        assertEquals(first.nonce(), mined.nonce());
        assertTrue(mined.maxFeePerGas().compareTo(first.maxFeePerGas()) > 0);
        assertTrue(mined.maxPriorityFeePerGas().compareTo(first.maxPriorityFeePerGas()) > 0);
        assertNotEquals(first.hash(), mined.hash());
        assertNull(await(chain.rpc.getTransactionReceipt(first.hash())), "the replaced transaction is not mined");
    }

    @Test
    void theContractKeepsTheProductionSessionRules() {
        // The limit is checked only after a session opened, and isSessionOpen closes at counter == limit.
        chain.hook(contract, "setMaxSubmissions", u64(CHAIN), new Uint128(BigInteger.ONE));
        ProofChainReader reader = new ProofChainReader(chain.rpc, contract, contract);
        Address someoneElse = HardhatChain.DEPLOYER;
        assertTrue(await(reader.isSessionOpen(CHAIN, HEIGHT, operator.address())));
        ProofOutcome first = await(submitter(sent -> { }).submit(request(SPECIMEN, RESULT, URL)));
        assertEquals(Disposition.PROVED, first.disposition(), first::detail);
        assertFalse(await(reader.isSessionOpen(CHAIN, HEIGHT, operator.address())), "at the limit of 1");
        assertTrue(await(reader.isSessionOpen(CHAIN, HEIGHT, someoneElse)));
        // Our retry of the same proof meets the limit before "already submitted".
        expect(Disposition.SKIP, "Max submissions limit exceeded", request(SPECIMEN, RESULT, URL));

        // The events production emits: SessionStarted (indexed chain and height) and our proof, sent by us.
        long head = await(chain.rpc.blockNumber());
        List<JsonObject> started = await(chain.rpc.getLogs(contract,
                ProofChainAbi.sessionStartedTopics(CHAIN, HEIGHT), 0, head));
        assertEquals(1, started.size(), started::toString);
        SessionStart session = ProofChainAbi.decodeSessionStarted(started.getFirst());
        long mined = await(chain.rpc.getTransactionReceipt(first.transaction())).blockNumber();
        assertEquals(new SessionStart(mined, mined + 240), session);
        List<JsonObject> proofs = await(chain.rpc.getLogs(contract, List.of(ProofChainAbi.PROOF_SUBMITTED_TOPIC),
                0, head));
        assertEquals(List.of(new SubmittedProof(CHAIN, HEIGHT, SPECIMEN, RESULT, URL, mined, first.transaction())),
                proofs.stream().map(ProofChainAbi::decodeProofSubmitted).toList());

        // A limit still 0: the opening proof lands, then everyone who has not proved sees the session closed.
        chain.hook(contract, "setMaxSubmissions", u64(CHAIN), new Uint128(BigInteger.ZERO));
        long other = HEIGHT + SAMPLE_INTERVAL;
        assertTrue(await(reader.isSessionOpen(CHAIN, other, someoneElse)));
        assertEquals(Disposition.PROVED, await(submitter(sent -> { }).submit(
                new ProofRequest(CHAIN, other, SPECIMEN, RESULT, URL))).disposition());
        assertFalse(await(reader.isSessionOpen(CHAIN, other, someoneElse)));
        expect(Disposition.SKIP, "Max submissions limit exceeded",
                new ProofRequest(CHAIN, other, Hash.wrap(filled(0x44)), RESULT, URL));
    }

    @Test
    void theLiveSyncWindowMovesWithTheProofChainAsTheRefinerComputesIt() {
        long now = 10_000;
        movingWindow(now, 20);
        ProofChainSessions sessions = sessions();
        ProofChainSessions.ChainState state = await(sessions.chainState(CHAIN));
        long head = await(chain.rpc.blockNumber());
        LiveSyncWindow window = LiveSyncWindow.at(head + 1, state.chain(), state.metadata()).orElseThrow();
        // The next block's estimate is `now` plus the blocks mined since the anchor; the window is ±10 around it.
        assertEquals(window.upper().subtract(BigInteger.TEN), window.lower().add(BigInteger.TEN));
        long lowest = window.lower().longValueExact();
        expect(Disposition.SKIP, "Block height is out of bounds for live sync",
                new ProofRequest(CHAIN, lowest - 1, SPECIMEN, RESULT, URL));
        // A refused estimate mines nothing: the lowest height is still open for the next block.
        assertEquals(head, (long) await(chain.rpc.blockNumber()));
        long lowestNow = lowest;
        assertEquals(Disposition.PROVED, await(submitter(sent -> { }).submit(
                new ProofRequest(CHAIN, lowestNow, SPECIMEN, RESULT, URL))).disposition());

        // Twenty blocks later that height is behind the window, but its session runs: joining it is still possible.
        await(chain.rpc.call("hardhat_mine", JsonRpcClient.quantity(20)));
        assertEquals(ProofChainSessions.Verdict.PROCEED,
                await(sessions.beforeWork(CHAIN, lowestNow, Hash.wrap(filled(0x45)))).verdict());
        // A height behind it whose session never opened can no longer be proved.
        ProofChainSessions.Admission late = await(sessions.beforeWork(CHAIN, lowestNow - 1, SPECIMEN));
        assertEquals(ProofChainSessions.Verdict.OUT_OF_WINDOW, late.verdict(), late::reason);
        assertTrue(late.reason().contains("live-sync window"), late::reason);
        expect(Disposition.SKIP, "Block height is out of bounds for live sync",
                new ProofRequest(CHAIN, lowestNow - 1, SPECIMEN, RESULT, URL));
    }

    @Test
    void ourOwnLandedProofIsFoundFromTheChainNotFromTheRevertText() {
        chain.hook(contract, "setMaxSubmissions", u64(CHAIN), new Uint128(BigInteger.ONE));
        ProofOutcome ours = await(submitter(sent -> { }).submit(request(SPECIMEN, RESULT, URL)));
        assertEquals(Disposition.PROVED, ours.disposition(), ours::detail);
        // Someone else's proof of another specimen at the same height, and of ours at another height.
        chain.hook(contract, "registerOperator", new org.web3j.abi.datatypes.Address(HardhatChain.DEPLOYER.toHex()),
                new Bool(true), new Bool(true));
        Hash theirs = Hash.wrap(filled(0x46));
        chain.hook(contract, "submitBlockResultProof", u64(CHAIN), u64(HEIGHT), new Bytes32(theirs.toArray()),
                new Bytes32(RESULT.toArray()), new Utf8String(URL));
        long otherHeight = HEIGHT + SAMPLE_INTERVAL;
        chain.hook(contract, "submitBlockResultProof", u64(CHAIN), u64(otherHeight), new Bytes32(SPECIMEN.toArray()),
                new Bytes32(RESULT.toArray()), new Utf8String(URL));

        ProofChainSessions sessions = sessions();
        SubmittedProof found = await(sessions.ownProof(CHAIN, HEIGHT, SPECIMEN)).orElseThrow();
        assertEquals(ours.transaction(), found.transactionHash());
        assertEquals(RESULT, found.resultHash());
        assertTrue(await(sessions.ownProof(CHAIN, HEIGHT, theirs)).isEmpty(), "another operator's proof");
        assertTrue(await(sessions.ownProof(CHAIN, otherHeight, SPECIMEN)).isEmpty(), "another operator's proof");
        assertTrue(await(sessions.ownProof(CHAIN, HEIGHT + 2 * SAMPLE_INTERVAL, SPECIMEN)).isEmpty(), "no session");

        ProofChainSessions.Admission done = await(sessions.beforeWork(CHAIN, HEIGHT, SPECIMEN));
        assertEquals(ProofChainSessions.Verdict.PROVED, done.verdict(), done::reason);
        assertEquals(ours.transaction(), done.proof().transactionHash());
        ProofChainSessions.Admission full = await(sessions.beforeWork(CHAIN, HEIGHT, Hash.wrap(filled(0x47))));
        assertEquals(ProofChainSessions.Verdict.SESSION_CLOSED, full.verdict(), full::reason);
        assertEquals(ProofChainSessions.Verdict.NOT_SAMPLED,
                await(sessions.beforeWork(CHAIN, HEIGHT + 1, SPECIMEN)).verdict());
        assertEquals(ProofChainSessions.Verdict.PROCEED,
                await(sessions.beforeWork(CHAIN, otherHeight, Hash.wrap(filled(0x48)))).verdict());
    }

    // ---- helpers ----

    /** Chain 1 with heights sampled every {@link #SAMPLE_INTERVAL} and a window standing still at [0, max]. */
    private void setChainData(long maxHeight, long limit) {
        BigInteger max = BigInteger.valueOf(maxHeight);
        chain.hook(contract, "setChainData", u64(CHAIN), new Uint256(max.subtract(max.shiftRight(1))),
                new Uint256(BigInteger.ZERO), new Uint256(BigInteger.valueOf(12)), new Uint128(max),
                new Uint128(BigInteger.valueOf(limit)), u64(SAMPLE_INTERVAL));
        chain.hook(contract, "setSecondsPerBlockCurrentChain", new Uint256(BigInteger.ZERO));
    }

    /** Every height sampled; the target chain at {@code height} now, one height per proof-chain block. */
    private void movingWindow(long height, long threshold) {
        chain.hook(contract, "setSecondsPerBlockCurrentChain", new Uint256(BigInteger.valueOf(12)));
        long head = await(chain.rpc.blockNumber());
        chain.hook(contract, "setChainData", u64(CHAIN), new Uint256(BigInteger.valueOf(height)),
                new Uint256(BigInteger.valueOf(head)), new Uint256(BigInteger.valueOf(12)),
                new Uint128(BigInteger.valueOf(threshold)), new Uint128(BigInteger.TWO), u64(1));
    }

    private ProofChainSessions sessions() {
        return new ProofChainSessions(chain.rpc, contract, operator.address(), 0, 100, System::currentTimeMillis);
    }

    private void expect(Disposition disposition, String reason, ProofRequest request) {
        ProofOutcome outcome = await(submitter(sent -> { }).submit(request));
        assertEquals(disposition, outcome.disposition(), outcome::toString);
        assertEquals(reason, outcome.detail());
    }

    private ProofSubmitter submitter(Consumer<SentTransaction> onSent) {
        SenderOptions options = new SenderOptions(Duration.ofMillis(50), 200, 2_000, 15);
        return new ProofSubmitter(chain.rpc,
                new TransactionSender(vertx, chain.rpc, operator, HardhatChain.CHAIN_ID, options, onSent), contract);
    }

    private static ProofRequest request(Hash specimen, Hash result, String url) {
        return new ProofRequest(CHAIN, HEIGHT, specimen, result, url);
    }

    private void registerOperator(boolean producer, boolean enabled) {
        chain.hook(contract, "registerOperator", new org.web3j.abi.datatypes.Address(operator.address().toHex()),
                new Bool(producer), new Bool(enabled));
    }

    private long nonceOf(Hash tx) {
        JsonObject json = (JsonObject) await(chain.rpc.call("eth_getTransactionByHash", tx.toHex()));
        return JsonRpcClient.quantity("eth_getTransactionByHash", json.getValue("nonce")).longValueExact();
    }

    private static Uint64 u64(long value) {
        return new Uint64(BigInteger.valueOf(value));
    }

    private static byte[] filled(int value) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<Type> cast(TypeReference reference) {
        return reference;
    }
}
