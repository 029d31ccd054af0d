package io.cqt.refiner.pipeline;

import static io.cqt.refiner.proofchain.HardhatChain.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.ipfs.PinnerServer;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.journal.WorkState;
import io.cqt.refiner.proofchain.HardhatChain;
import io.cqt.refiner.proofchain.OperatorKey;
import io.cqt.refiner.result.CompatProfiles;
import io.cqt.refiner.result.ResultHashes;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Segment;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.avro.AvroSpecimenWriter;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * Proof-chain mode end to end on the real Hardhat chain (TestProofChain as both BSP and BRP) with the project's own
 * pinner server over a local content store: the pipeline fetches the specimen through {@code PinnerClient},
 * executes, verifies, pins and proves it; a specimen that does not verify is aborted and never proved; with the
 * pinner down the item waits (breaker open) and completes once the pinner is back.
 */
@ExtendWith(VertxExtension.class)
class ProofChainPipelineTest {
    private static final long CHAIN = 1;
    private static final String SPECIMEN_VARIABLE = "REFINER_E2E_SPECIMEN";

    @TempDir
    Path temp;
    private HttpServer pinner;

    @AfterEach
    void stopPinner() {
        if (pinner != null) {
            await(pinner.close());
        }
    }

    @Test
    void provesVerifiedSpecimensAbortsBadOnesAndWaitsOutAPinnerOutage(Vertx vertx) throws Exception {
        HardhatChain chain = HardhatChain.connect(vertx);
        byte[] specimenBytes = Files.readAllBytes(specimenPath());
        Specimen specimen = SpecimenReader.read(specimenBytes, null);
        long height = specimen.replica().header().number();
        Hash blockHash = specimen.replica().hash();

        Address contract = chain.deployContract();
        OperatorKey operator = OperatorKey.fromHex(HardhatChain.OPERATOR_KEY, "test key");
        chain.hook(contract, "registerOperator", new org.web3j.abi.datatypes.Address(operator.address().toHex()),
                new Bool(true), new Bool(true));
        // every height sampled, two submissions each; a window of 2^63 heights around 2^62: all heights here
        chain.hook(contract, "setChainData", u64(CHAIN), new Uint256(BigInteger.ONE.shiftLeft(62)),
                new Uint256(BigInteger.ZERO), new Uint256(BigInteger.valueOf(12)),
                new Uint128(BigInteger.ONE.shiftLeft(63)), new Uint128(BigInteger.TWO), u64(1));

        LocalContentStore store = new LocalContentStore(vertx, temp.resolve("pinner-store"));
        PinnerServer server = new PinnerServer(vertx, store, Files.createDirectories(temp.resolve("uploads")),
                1L << 30);
        pinner = await(server.listen("127.0.0.1", 0));
        int pinnerPort = pinner.actualPort();
        Cid good = await(store.put(specimenBytes.clone()));
        Cid bad = await(store.put(corrupted(specimen)));

        long start = await(chain.rpc.blockNumber()) + 1;
        JsonObject config = new JsonObject()
                .put("NODE_ETHEREUM_MAINNET", chain.rpc.url())
                .put("bspProofChainAddress", contract.toHex()).put("brpProofChainAddress", contract.toHex())
                .put("proofChainId", HardhatChain.CHAIN_ID).put("specimenChainId", CHAIN)
                .put("IPFS_PINNER_URL", "http://127.0.0.1:" + pinnerPort)
                .put(OperatorKey.ENV_KEY, HardhatChain.OPERATOR_KEY)
                .put("data", temp.resolve("data").toString()).put("startHeight", start)
                .put("pollMillis", 200).put("retryMillis", 200).put("executeInstances", 1)
                .put("breakerMaxFailures", 2).put("breakerResetMillis", 1000).put("breakerTimeoutMillis", 20_000)
                .put("compatProfile", CompatProfiles.EVM_SERVER_1_2.name());
        ProofChainMainVerticle main = new ProofChainMainVerticle();
        await(vertx.deployVerticle(main, new DeploymentOptions().setConfig(config)));

        // 1. A specimen that verifies is proved: resultHash = sha256 of the stored result, its CID holds those bytes.
        Hash goodHash = Hash.wrap(filled(0x11));
        String goodKey = emit(chain, contract, height, blockHash, goodHash, good);
        WorkItem proved = awaitItem(main, goodKey, item -> item.isFinished());
        assertEquals(WorkState.COMMITTED, proved.state(), () -> "item: " + proved);
        List<Type> proof = proof(chain, contract, height, operator, goodHash);
        Hash onChainResult = Hash.wrap(((Bytes32) proof.get(0)).getValue());
        String url = (String) proof.get(1).getValue();
        assertEquals("ipfs://" + proved.resultCid(), url);
        byte[] stored = await(store.get(Cid.parse(url.substring("ipfs://".length()))));
        assertEquals(ResultHashes.sha256(stored), onChainResult);
        assertEquals(proved.resultHash(), onChainResult);
        assertEquals(CompatProfiles.EVM_SERVER_1_2.name(), proved.compatProfile(), "the configured profile is journaled");
        if (specimenIsTheDefault()) {
            // The very hash the network's pipeline recorded for this block (evm-server-compat.md, "Test vectors").
            assertEquals("0x4bb6dcf767011c8ac64f78740078dcb0d9a680751a07030957418f8ab6c5d619",
                    onChainResult.toString());
        }

        // 2. A specimen whose receipts no longer match its header is aborted and never proved.
        Hash badHash = Hash.wrap(filled(0x22));
        String badKey = emit(chain, contract, height, blockHash, badHash, bad);
        WorkItem aborted = awaitItem(main, badKey, WorkItem::isFinished);
        assertEquals(WorkState.ABORTED, aborted.state(), () -> "item: " + aborted);
        assertTrue(aborted.reason().contains("does not verify"), aborted::reason);
        assertEquals(Hash.ZERO, Hash.wrap(((Bytes32) proof(chain, contract, height, operator, badHash).get(0))
                .getValue()));

        // 3. The pinner goes away: its breaker opens, the item waits unrecorded, and completes once it is back.
        CountDownLatch opened = new CountDownLatch(1);
        vertx.eventBus().<JsonObject>consumer(Addresses.BREAKERS, message -> {
            if ("pinner".equals(message.body().getString("name"))
                    && "OPEN".equals(message.body().getString("state"))) {
                opened.countDown();
            }
        });
        await(pinner.close());
        pinner = null;
        Hash laterHash = Hash.wrap(filled(0x33));
        String laterKey = emit(chain, contract, height + 1, blockHash, laterHash, good);
        assertTrue(opened.await(60, TimeUnit.SECONDS), "the pinner's breaker never opened");
        WorkItem waiting = awaitItem(main, laterKey, item -> true);
        assertEquals(WorkState.DISCOVERED, waiting.state(), () -> "item during the outage: " + waiting);
        assertEquals(0, waiting.attempts(), () -> "an outage was recorded as a failure: " + waiting);
        pinner = await(server.listen("127.0.0.1", pinnerPort));
        WorkItem afterOutage = awaitItem(main, laterKey, WorkItem::isFinished);
        assertEquals(WorkState.COMMITTED, afterOutage.state(), () -> "item: " + afterOutage);
        assertEquals(afterOutage.resultHash(), Hash.wrap(((Bytes32) proof(chain, contract, height + 1, operator,
                laterHash).get(0)).getValue()));
    }

    private static boolean specimenIsTheDefault() {
        String configured = System.getProperty(SPECIMEN_VARIABLE, System.getenv(SPECIMEN_VARIABLE));
        return configured == null || configured.isBlank();
    }

    private static Path specimenPath() {
        String configured = System.getProperty(SPECIMEN_VARIABLE, System.getenv(SPECIMEN_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return SharedData.specimen(19434485, "specimen-codec-0.36.avro");
    }

    /** The specimen with its header's receipts root changed: execution can no longer match the header. */
    private static byte[] corrupted(Specimen specimen) throws Exception {
        Segment segment = specimen.segment();
        Segment.ReplicaEvent event = segment.first();
        Header header = event.data().header();
        Hash root = (Hash) Header.class.getMethod("receiptsRoot").invoke(header);
        byte[] flipped = root.toArray();
        flipped[0] ^= 1;
        Header badHeader = with(header, "receiptsRoot", Hash.wrap(flipped));
        Segment.ReplicaEvent badEvent = new Segment.ReplicaEvent(event.hash(), with(event.data(), "header", badHeader));
        Segment badSegment = with(segment, "replicaEvents", List.of(badEvent));
        return new AvroSpecimenWriter().write(badSegment, specimen.codec());
    }

    /** A copy of a record with one component replaced. */
    @SuppressWarnings("unchecked")
    private static <R extends Record> R with(R record, String component, Object value) throws Exception {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = components[i].getName().equals(component) ? value : components[i].getAccessor().invoke(record);
        }
        return (R) record.getClass().getDeclaredConstructor(types).newInstance(args);
    }

    private static String emit(HardhatChain chain, Address contract, long height, Hash blockHash, Hash specimenHash,
            Cid cid) {
        chain.hook(contract, "addURL", new Bytes32(specimenHash.toArray()), new Utf8String("ipfs://" + cid));
        chain.hook(contract, "emitSpecimenQuorum", u64(CHAIN), u64(height), new Uint256(BigInteger.ONE),
                new Bytes32(blockHash.toArray()), new Bytes32(specimenHash.toArray()));
        return CHAIN + "_" + height + "_" + blockHash.toHex().substring(2) + "_" + specimenHash.toHex().substring(2);
    }

    private static WorkItem awaitItem(ProofChainMainVerticle main, String key, Predicate<WorkItem> done)
            throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            WorkItem item = main.journal().journal().get(key).orElse(null);
            if (item != null && done.test(item)) {
                return item;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("item " + key + " did not reach the expected state: "
                + main.journal().journal().get(key));
    }

    private static List<Type> proof(HardhatChain chain, Address contract, long height, OperatorKey operator,
            Hash specimenHash) {
        byte[] stored = chain.call(contract, FunctionEncoder.encode(new Function("getProof", List.of(u64(CHAIN),
                u64(height), new org.web3j.abi.datatypes.Address(operator.address().toHex()),
                new Bytes32(specimenHash.toArray())), List.of())));
        return FunctionReturnDecoder.decode(Hex.encode(stored), List.of(cast(new TypeReference<Bytes32>() { }),
                cast(new TypeReference<Utf8String>() { })));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<Type> cast(TypeReference reference) {
        return reference;
    }

    private static Uint64 u64(long value) {
        return new Uint64(BigInteger.valueOf(value));
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
