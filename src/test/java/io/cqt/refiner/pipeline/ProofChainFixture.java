package io.cqt.refiner.pipeline;

import static io.cqt.refiner.proofchain.HardhatChain.await;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.LocalContentStore;
import io.cqt.refiner.journal.WorkItem;
import io.cqt.refiner.proofchain.HardhatChain;
import io.cqt.refiner.proofchain.OperatorKey;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
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

/**
 * What the proof-chain pipeline tests share: a fresh TestProofChain on the Hardhat node (skipping the test when
 * none runs) with the operator registered and chain 1 accepted, a specimen in the local content store the
 * pipeline reads when no pinner is configured, a base config, and ways to emit quorums and read proofs back.
 */
final class ProofChainFixture {
    static final long CHAIN = 1;
    private static final String SPECIMEN_VARIABLE = "REFINER_E2E_SPECIMEN";

    final HardhatChain chain;
    final Address contract;
    final OperatorKey operator = OperatorKey.fromHex(HardhatChain.OPERATOR_KEY, "test key");
    final Path data;
    final LocalContentStore store;

    private ProofChainFixture(HardhatChain chain, Address contract, Path data, LocalContentStore store) {
        this.chain = chain;
        this.contract = contract;
        this.data = data;
        this.store = store;
    }

    /** Connects (or skips), deploys the contract, registers the operator and chain 1 for every height. */
    static ProofChainFixture create(Vertx vertx, Path temp) {
        HardhatChain chain = HardhatChain.connect(vertx);
        Address contract = chain.deployContract();
        Path data = temp.resolve("data");
        ProofChainFixture fixture = new ProofChainFixture(chain, contract, data,
                new LocalContentStore(vertx, data.resolve("store")));
        fixture.registerOperator(true, true);
        fixture.registerChain(Long.MAX_VALUE);
        return fixture;
    }

    /** A decoded specimen with its bytes. */
    record Loaded(byte[] bytes, Specimen specimen) {
        long height() {
            return specimen.replica().header().number();
        }

        Hash blockHash() {
            return specimen.replica().hash();
        }
    }

    /** The end-to-end specimen ({@code REFINER_E2E_SPECIMEN}, default 19434485). */
    static Loaded e2eSpecimen() throws Exception {
        String configured = System.getProperty(SPECIMEN_VARIABLE, System.getenv(SPECIMEN_VARIABLE));
        Path path = configured != null && !configured.isBlank() ? Path.of(configured)
                : SharedData.specimen(19434485, "specimen-codec-0.36.avro");
        return load(path);
    }

    static Loaded load(Path path) throws Exception {
        byte[] bytes = Files.readAllBytes(path);
        return new Loaded(bytes, SpecimenReader.read(bytes, null));
    }

    Cid put(byte[] bytes) {
        return await(store.put(bytes.clone()));
    }

    /** The settings every test uses: local store, embedded EVM, quick polls and retries. */
    JsonObject config(long startHeight) {
        return new JsonObject()
                .put("NODE_ETHEREUM_MAINNET", chain.rpc.url())
                .put("bspProofChainAddress", contract.toHex()).put("brpProofChainAddress", contract.toHex())
                .put("proofChainId", HardhatChain.CHAIN_ID).put("specimenChainId", CHAIN)
                .put(OperatorKey.ENV_KEY, HardhatChain.OPERATOR_KEY)
                .put("data", data.toString()).put("startHeight", startHeight)
                .put("pollMillis", 200).put("retryMillis", 200).put("executeInstances", 1)
                .put("breakerMaxFailures", 2).put("breakerResetMillis", 1000).put("breakerTimeoutMillis", 20_000)
                // 19434485, the default specimen, has a codec-0.36 blob transaction that v1.3 cannot process.
                .put("compatProfile", "evm-server-1.2");
    }

    long head() {
        return await(chain.rpc.blockNumber());
    }

    void registerOperator(boolean resultProducer, boolean validatorEnabled) {
        chain.hook(contract, "registerOperator", new org.web3j.abi.datatypes.Address(operator.address().toHex()),
                new Bool(resultProducer), new Bool(validatorEnabled));
    }

    /**
     * Registers chain 1 (every height sampled, two submissions per operator) with a live-sync window that stands
     * still at {@code [0, maxHeight]}: the proof chain's pace is set to 0, so the contract's estimate never moves.
     */
    void registerChain(long maxHeight) {
        BigInteger max = BigInteger.valueOf(maxHeight);
        // estimate = max − ⌊max/2⌋ stays below the threshold (lower bound 0); upper = estimate + ⌊max/2⌋ = max
        setChainData(max.subtract(max.shiftRight(1)), BigInteger.ZERO, max, 2, 1);
        chain.hook(contract, "setSecondsPerBlockCurrentChain", new Uint256(BigInteger.ZERO));
    }

    /** The governor's settings of chain 1; the target chain's pace is 12 s per block. */
    void setChainData(BigInteger blockOnTargetChain, BigInteger blockOnCurrentChain, BigInteger allowedThreshold,
            long maxSubmissions, long nthBlock) {
        chain.hook(contract, "setChainData", u64(CHAIN), new Uint256(blockOnTargetChain),
                new Uint256(blockOnCurrentChain), new Uint256(BigInteger.valueOf(12)),
                new org.web3j.abi.datatypes.generated.Uint128(allowedThreshold),
                new org.web3j.abi.datatypes.generated.Uint128(BigInteger.valueOf(maxSubmissions)), u64(nthBlock));
    }

    void setMaxSubmissions(long limit) {
        chain.hook(contract, "setMaxSubmissions", u64(CHAIN),
                new org.web3j.abi.datatypes.generated.Uint128(BigInteger.valueOf(limit)));
    }

    void forceRevert(String reason) {
        chain.hook(contract, "setForcedRevert", new Utf8String(reason));
    }

    /** Seeds the URL and emits the quorum; returns the work item's key as the reference builds it. */
    String emit(long height, Hash blockHash, Hash specimenHash, Cid cid) {
        chain.hook(contract, "addURL", new Bytes32(specimenHash.toArray()), new Utf8String("ipfs://" + cid));
        chain.hook(contract, "emitSpecimenQuorum", u64(CHAIN), u64(height), new Uint256(BigInteger.ONE),
                new Bytes32(blockHash.toArray()), new Bytes32(specimenHash.toArray()));
        return key(height, blockHash, specimenHash);
    }

    static String key(long height, Hash blockHash, Hash specimenHash) {
        return CHAIN + "_" + height + "_" + blockHash.toHex().substring(2) + "_" + specimenHash.toHex().substring(2);
    }

    /** The operator's proof for (height, specimen) as the contract holds it: result hash (zero if none), URL. */
    Proof proof(long height, Hash specimenHash) {
        byte[] stored = chain.call(contract, FunctionEncoder.encode(new Function("getProof", List.of(u64(CHAIN),
                u64(height), new org.web3j.abi.datatypes.Address(operator.address().toHex()),
                new Bytes32(specimenHash.toArray())), List.of())));
        List<Type> values = FunctionReturnDecoder.decode(Hex.encode(stored), List.of(
                cast(new TypeReference<Bytes32>() { }), cast(new TypeReference<Utf8String>() { })));
        return new Proof(Hash.wrap(((Bytes32) values.get(0)).getValue()), (String) values.get(1).getValue());
    }

    record Proof(Hash resultHash, String storageUrl) {
        boolean exists() {
            return !resultHash.equals(Hash.ZERO);
        }
    }

    /** How many proofs the operator has landed for a height (the contract's own count). */
    long submissions(long height) {
        byte[] stored = chain.call(contract, FunctionEncoder.encode(new Function("submissionCount", List.of(
                u64(CHAIN), u64(height), new org.web3j.abi.datatypes.Address(operator.address().toHex())),
                List.of())));
        return new BigInteger(1, stored).longValueExact();
    }

    /** Transactions the operator's key has had mined. */
    long minedNonce() {
        return Long.decode(String.valueOf(await(chain.rpc.call("eth_getTransactionCount",
                operator.address().toHex(), "latest"))));
    }

    /** Transactions the operator's key has sent, mined or pending. */
    long pendingNonce() {
        return await(chain.rpc.pendingNonce(operator.address()));
    }

    /** Polls {@code journal} until the item satisfies {@code done} (two minutes at most). */
    static WorkItem awaitItem(Supplier<JournalAccess> journal, String key, Predicate<WorkItem> done)
            throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            WorkItem item = journal.get() == null ? null : journal.get().journal().get(key).orElse(null);
            if (item != null && done.test(item)) {
                return item;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("item " + key + " did not reach the expected state: "
                + journal.get().journal().get(key));
    }

    static Hash filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return Hash.wrap(bytes);
    }

    static Uint64 u64(long value) {
        return new Uint64(BigInteger.valueOf(value));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<Type> cast(TypeReference reference) {
        return reference;
    }
}
