package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/** ABI encoding and decoding of the proof-chain calls and events the refiner uses (docs/proof-chain.md). */
public final class ProofChainAbi {
    public static final Event BLOCK_SPECIMEN_QUORUM = new Event("BlockSpecimenQuorum", List.of(
            new TypeReference<Uint64>(true) { }, new TypeReference<Uint64>(true) { },
            new TypeReference<Uint256>(false) { }, new TypeReference<Bytes32>(true) { },
            new TypeReference<Bytes32>(false) { }));
    public static final Hash BLOCK_SPECIMEN_QUORUM_TOPIC = Hash.fromHex(EventEncoder.encode(BLOCK_SPECIMEN_QUORUM));

    public static final Event SESSION_STARTED = new Event("SessionStarted", List.of(
            new TypeReference<Uint64>(true) { }, new TypeReference<Uint64>(true) { },
            new TypeReference<Uint64>(false) { }));
    public static final Hash SESSION_STARTED_TOPIC = Hash.fromHex(EventEncoder.encode(SESSION_STARTED));
    /** Nothing indexed: the operator is the transaction's sender. */
    public static final Event PROOF_SUBMITTED = new Event("BlockResultProductionProofSubmitted", List.of(
            new TypeReference<Uint64>(false) { }, new TypeReference<Uint64>(false) { },
            new TypeReference<Bytes32>(false) { }, new TypeReference<Bytes32>(false) { },
            new TypeReference<Utf8String>(false) { }));
    public static final Hash PROOF_SUBMITTED_TOPIC = Hash.fromHex(EventEncoder.encode(PROOF_SUBMITTED));

    /** The selector of Solidity's {@code Error(string)} revert payload. */
    private static final String ERROR_SELECTOR = "0x08c379a0";

    private ProofChainAbi() {
    }

    public static byte[] encodeIsSessionOpen(long chainId, long blockHeight, Address operator) {
        return encode(isSessionOpen(chainId, blockHeight, operator));
    }

    public static boolean decodeIsSessionOpen(byte[] returned) {
        List<Type> values = decode("isSessionOpen", returned, isSessionOpen(0, 0, Address.ZERO));
        return ((Bool) values.getFirst()).getValue();
    }

    public static byte[] encodeGetUrls(Hash specimenHash) {
        return encode(getUrls(specimenHash));
    }

    public static List<String> decodeGetUrls(byte[] returned) {
        List<Type> values = decode("getURLS", returned, getUrls(Hash.ZERO));
        @SuppressWarnings("unchecked")
        List<Utf8String> urls = ((DynamicArray<Utf8String>) values.getFirst()).getValue();
        return urls.stream().map(Utf8String::getValue).toList();
    }

    public static byte[] encodeSubmitBlockResultProof(long chainId, long blockHeight, Hash specimenHash,
            Hash resultHash, String storageUrl) {
        return encode(new Function("submitBlockResultProof", List.of(uint64(chainId), uint64(blockHeight),
                new Bytes32(specimenHash.toArray()), new Bytes32(resultHash.toArray()), new Utf8String(storageUrl)),
                List.of()));
    }

    /**
     * Decodes one {@code BlockSpecimenQuorum} log as {@code eth_getLogs} returns it.
     *
     * @throws RpcException (malformed, naming eth_getLogs) when the log does not have that shape
     */
    public static SpecimenQuorum decodeSpecimenQuorum(JsonObject log) {
        String method = "eth_getLogs";
        if (!(log.getValue("topics") instanceof JsonArray topics) || topics.size() != 4) {
            throw RpcException.malformed(method, "a BlockSpecimenQuorum log needs 4 topics: " + log.encode());
        }
        if (!JsonRpcClient.hash(method, topics.getValue(0)).equals(BLOCK_SPECIMEN_QUORUM_TOPIC)) {
            throw RpcException.malformed(method, "not a BlockSpecimenQuorum log: " + log.encode());
        }
        byte[] data = JsonRpcClient.bytes(method, log.getValue("data"));
        if (data.length != 64) {
            throw RpcException.malformed(method, "BlockSpecimenQuorum data must be 64 bytes, got " + data.length);
        }
        return new SpecimenQuorum(
                uint64Topic(method, topics.getValue(1)), uint64Topic(method, topics.getValue(2)),
                new BigInteger(1, Arrays.copyOfRange(data, 0, 32)),
                JsonRpcClient.hash(method, topics.getValue(3)), Hash.wrap(Arrays.copyOfRange(data, 32, 64)),
                JsonRpcClient.quantity(method, log.getValue("blockNumber")).longValueExact(),
                JsonRpcClient.hash(method, log.getValue("transactionHash")));
    }

    public static byte[] encodeGetChainData(long chainId) {
        return encode(getChainData(chainId));
    }

    public static ChainData decodeChainData(byte[] returned) {
        List<Type> values = decode("getChainData", returned, getChainData(0));
        return new ChainData(uint(values, 0), uint(values, 1), uint(values, 2), uint(values, 3), uint(values, 4),
                uint(values, 5));
    }

    public static byte[] encodeGetMetadata() {
        return encode(getMetadata());
    }

    public static BrpMetadata decodeMetadata(byte[] returned) {
        List<Type> values = decode("getMetadata", returned, getMetadata());
        return new BrpMetadata(uint(values, 2).longValueExact(), uint(values, 5));
    }

    /** The topic filter of the {@code SessionStarted} event of one (chain, height). */
    public static List<Hash> sessionStartedTopics(long chainId, long blockHeight) {
        return List.of(SESSION_STARTED_TOPIC, Hash.wrap(word(chainId)), Hash.wrap(word(blockHeight)));
    }

    /** The deadline of a {@code SessionStarted} log and the proof-chain block that holds it. */
    public static SessionStart decodeSessionStarted(JsonObject log) {
        String method = "eth_getLogs";
        byte[] data = JsonRpcClient.bytes(method, log.getValue("data"));
        if (data.length != 32) {
            throw RpcException.malformed(method, "SessionStarted data must be 32 bytes, got " + data.length);
        }
        BigInteger deadline = new BigInteger(1, data);
        if (deadline.bitLength() > 63) {
            throw RpcException.malformed(method, "SessionStarted deadline out of range: " + deadline);
        }
        return new SessionStart(JsonRpcClient.quantity(method, log.getValue("blockNumber")).longValueExact(),
                deadline.longValue());
    }

    /**
     * Decodes one {@code BlockResultProductionProofSubmitted} log.
     *
     * @throws RpcException (malformed, naming eth_getLogs) when the log does not have that shape
     */
    public static SubmittedProof decodeProofSubmitted(JsonObject log) {
        String method = "eth_getLogs";
        byte[] data = JsonRpcClient.bytes(method, log.getValue("data"));
        List<Type> values = FunctionReturnDecoder.decode(Hex.encode(data), PROOF_SUBMITTED.getNonIndexedParameters());
        if (values.size() != 5) {
            throw RpcException.malformed(method, "not a BlockResultProductionProofSubmitted log: " + log.encode());
        }
        return new SubmittedProof(uint(values, 0).longValueExact(), uint(values, 1).longValueExact(),
                Hash.wrap(((Bytes32) values.get(2)).getValue()), Hash.wrap(((Bytes32) values.get(3)).getValue()),
                ((Utf8String) values.get(4)).getValue(),
                JsonRpcClient.quantity(method, log.getValue("blockNumber")).longValueExact(),
                JsonRpcClient.hash(method, log.getValue("transactionHash")));
    }

    /** The reason of an ABI {@code Error(string)} revert payload, if {@code hexData} is one. */
    public static Optional<String> decodeRevertReason(String hexData) {
        if (hexData == null || !hexData.startsWith(ERROR_SELECTOR)) {
            return Optional.empty();
        }
        try {
            List<Type> values = FunctionReturnDecoder.decode("0x" + hexData.substring(ERROR_SELECTOR.length()),
                    List.<TypeReference<Type>>of(cast(new TypeReference<Utf8String>() { })));
            return values.isEmpty() ? Optional.empty() : Optional.of(((Utf8String) values.getFirst()).getValue());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Function isSessionOpen(long chainId, long blockHeight, Address operator) {
        return new Function("isSessionOpen", List.of(uint64(chainId), uint64(blockHeight),
                new org.web3j.abi.datatypes.Address(operator.toHex())), List.of(new TypeReference<Bool>() { }));
    }

    private static Function getChainData(long chainId) {
        return new Function("getChainData", List.of(uint64(chainId)), List.of(
                new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
                new TypeReference<Uint128>() { }, new TypeReference<Uint128>() { }, new TypeReference<Uint64>() { }));
    }

    private static Function getMetadata() {
        return new Function("getMetadata", List.of(), List.of(
                new TypeReference<org.web3j.abi.datatypes.Address>() { }, new TypeReference<Uint128>() { },
                new TypeReference<Uint64>() { }, new TypeReference<Uint64>() { }, new TypeReference<Uint256>() { },
                new TypeReference<Uint256>() { }));
    }

    private static BigInteger uint(List<Type> values, int index) {
        return (BigInteger) values.get(index).getValue();
    }

    private static byte[] word(long value) {
        byte[] word = new byte[32];
        for (int i = 0; i < 8; i++) {
            word[31 - i] = (byte) (value >>> (8 * i));
        }
        return word;
    }

    private static Function getUrls(Hash specimenHash) {
        return new Function("getURLS", List.of(new Bytes32(specimenHash.toArray())),
                List.of(new TypeReference<DynamicArray<Utf8String>>() { }));
    }

    private static Uint64 uint64(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("uint64 argument must not be negative: " + value);
        }
        return new Uint64(BigInteger.valueOf(value));
    }

    private static long uint64Topic(String method, Object topic) {
        BigInteger value = new BigInteger(1, JsonRpcClient.hash(method, topic).toArray());
        if (value.bitLength() > 63) {
            throw RpcException.malformed(method, "uint64 topic out of range: " + topic);
        }
        return value.longValue();
    }

    private static byte[] encode(Function function) {
        return Hex.decode(FunctionEncoder.encode(function));
    }

    private static List<Type> decode(String method, byte[] returned, Function function) {
        List<Type> values = FunctionReturnDecoder.decode(Hex.encode(returned), function.getOutputParameters());
        if (values.isEmpty()) {
            throw RpcException.malformed("eth_call", method + " returned " + returned.length
                    + " bytes, which do not decode as its return type");
        }
        return values;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static TypeReference<Type> cast(TypeReference reference) {
        return reference;
    }
}
