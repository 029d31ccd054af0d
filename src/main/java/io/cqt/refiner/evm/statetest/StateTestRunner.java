package io.cqt.refiner.evm.statetest;

import static io.cqt.refiner.evm.statetest.FixtureAccounts.quantity;
import static io.cqt.refiner.evm.statetest.FixtureAccounts.unsignedLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.block.BlockProcessor;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.state.InMemoryWorld;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.evm.tx.TransactionProcessor;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.block.ReceiptEncoding;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one state-test case as the corpus README (section 6) prescribes: it passes when the post-state root and the
 * logs hash equal the case's {@code hash} and {@code logs}. Account differences against the EEST {@code post.state}
 * are named too, so a failure says which account and field went wrong.
 */
public final class StateTestRunner {
    /** The result of one case; {@code detail} says what differed. */
    public record Verdict(boolean pass, String detail) {
    }

    private final Function<io.cqt.refiner.evm.fork.Fork, PrecompileSet> precompiles;

    public StateTestRunner(Function<io.cqt.refiner.evm.fork.Fork, PrecompileSet> precompiles) {
        this.precompiles = precompiles;
    }

    /** {@link #run}, with a runtime exception (a bug, or a case the runner cannot read) turned into a failure. */
    public Verdict runGuarded(StateTestCase c) {
        try {
            return run(c);
        } catch (RuntimeException e) {
            return new Verdict(false, "threw " + e);
        }
    }

    public Verdict run(StateTestCase c) {
        if (c.unreadable() != null) {
            return new Verdict(false, c.unreadable());
        }
        JsonNode test = c.test();
        JsonNode env = test.path("env");
        ForkSpec spec = ForkSpec.of(c.fork());
        InMemoryWorld world = new InMemoryWorld(n -> Keccak256.of(Long.toString(n).getBytes(StandardCharsets.US_ASCII)));
        for (Iterator<Map.Entry<String, JsonNode>> it = test.path("pre").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            world.put(Address.fromHex(e.getKey()), FixtureAccounts.account(e.getValue()));
        }
        long chainId = test.path("config").has("chainid") ? quantity(test.path("config").path("chainid")).toLong() : 1;
        long excessBlobGas = env.has("currentExcessBlobGas") ? quantity(env.path("currentExcessBlobGas")).toLong() : 0;
        long fraction = spec.blobs().baseFeeUpdateFraction();
        JsonNode schedule = test.path("config").path("blobSchedule").path(c.fork().displayName());
        if (schedule.has("baseFeeUpdateFraction")) {
            fraction = quantity(schedule.path("baseFeeUpdateFraction")).toLong();
        }
        BlockContext block = new BlockContext(
                Address.fromHex(env.path("currentCoinbase").asText()),
                quantity(env.path("currentNumber")).toLong(),
                quantity(env.path("currentTimestamp")).toLong(),
                quantity(env.path("currentGasLimit")).toLong(),
                Hash.wrap(Hex.decodeFixed(env.path("currentRandom").asText("0x00"), 32)),
                quantity(env.path("currentBaseFee")),
                UInt256.of(BlockProcessor.fakeExponential(BigInteger.ONE, BigInteger.valueOf(excessBlobGas),
                        BigInteger.valueOf(fraction))),
                chainId);

        Map<Transaction.Authorization, Address> signers = new IdentityHashMap<>();
        Transaction tx;
        Address sender;
        try {
            tx = transaction(test.path("transaction"), c.post().path("indexes"), signers);
            sender = Address.fromHex(test.path("transaction").path("sender").asText());
        } catch (IllegalArgumentException | ArithmeticException e) {
            // A field no valid transaction can hold (a gas limit or nonce beyond 64 bits): the tx is rejected.
            return c.post().has("expectException") ? new Verdict(true, "rejected while decoding: " + e.getMessage())
                    : new Verdict(false, "cannot build the transaction: " + e.getMessage());
        }
        JournaledState state = new JournaledState(world, null);
        TransactionProcessor processor = new TransactionProcessor(spec, precompiles.apply(c.fork()), signers::get);
        TxResult result = processor.process(state, block, tx, sender, block.gasLimit());
        boolean expectRejection = c.post().has("expectException");
        if (expectRejection) {
            return result.rejected() ? new Verdict(true, "rejected: " + result.rejection())
                    : new Verdict(false, "expected rejection (" + c.post().path("expectException").asText()
                    + ") but the transaction ran: " + result.halt());
        }
        if (result.rejected()) {
            return new Verdict(false, "rejected: " + result.rejection());
        }
        Map<Address, InMemoryWorld.Account> post = FixtureAccounts.after(world.accounts(), state.changes());
        List<String> problems = new ArrayList<>();
        Hash root = FixtureAccounts.stateRoot(post);
        Hash expectedRoot = Hash.fromHex(c.post().path("hash").asText());
        if (!root.equals(expectedRoot)) {
            problems.add("state root " + root + " != " + expectedRoot);
        }
        Hash logs = logsHash(result.logs());
        Hash expectedLogs = Hash.fromHex(c.post().path("logs").asText());
        if (!logs.equals(expectedLogs)) {
            problems.add("logs hash " + logs + " != " + expectedLogs + " (" + result.logs().size() + " logs)");
        }
        String diff = FixtureAccounts.diff(post, c.post().path("state"));
        if (!diff.isEmpty()) {
            problems.add(diff);
        }
        return problems.isEmpty() ? new Verdict(true, "ok, " + result.halt() + ", gas " + result.gasUsed())
                : new Verdict(false, result.halt() + ", gas " + result.gasUsed() + ": " + String.join("; ", problems));
    }

    /** keccak256(rlp([[address, topics, data], ...])), the case's {@code logs}. */
    private static Hash logsHash(List<Log> logs) {
        List<Receipt.Log> asReceiptLogs = new ArrayList<>(logs.size());
        for (Log log : logs) {
            asReceiptLogs.add(new Receipt.Log(log.address(), log.topics(), Bytes.wrap(log.data()), 0, null, 0, null,
                    0, false));
        }
        return ReceiptEncoding.logsHash(asReceiptLogs);
    }

    private static Transaction transaction(JsonNode t, JsonNode indexes, Map<Transaction.Authorization, Address> signers) {
        int d = indexes.path("data").asInt();
        int g = indexes.path("gas").asInt();
        int v = indexes.path("value").asInt();
        List<Transaction.AccessListEntry> accessList = new ArrayList<>();
        JsonNode lists = t.path("accessLists");
        boolean hasAccessList = lists.isArray() && lists.size() > d && !lists.get(d).isNull();
        if (hasAccessList) {
            for (JsonNode e : lists.get(d)) {
                List<Hash> keys = new ArrayList<>();
                for (JsonNode k : e.path("storageKeys")) {
                    keys.add(Hash.wrap(Hex.decodeFixed(k.asText(), 32)));
                }
                accessList.add(new Transaction.AccessListEntry(Address.fromHex(e.path("address").asText()), keys));
            }
        }
        List<Transaction.Authorization> auths = null;
        if (t.has("authorizationList")) {
            auths = new ArrayList<>();
            for (JsonNode a : t.path("authorizationList")) {
                Transaction.Authorization auth = new Transaction.Authorization(quantity(a.path("chainId")),
                        Address.fromHex(a.path("address").asText()), unsignedLong(a.path("nonce")),
                        quantity(a.path("yParity")), quantity(a.path("r")), quantity(a.path("s")));
                auths.add(auth);
                if (a.has("signer")) {
                    signers.put(auth, Address.fromHex(a.path("signer").asText()));
                }
            }
        }
        List<Hash> blobHashes = null;
        if (t.has("blobVersionedHashes")) {
            blobHashes = new ArrayList<>();
            for (JsonNode h : t.path("blobVersionedHashes")) {
                blobHashes.add(Hash.wrap(Hex.decodeFixed(h.asText(), 32)));
            }
        }
        int type = auths != null ? Transaction.SET_CODE : blobHashes != null ? Transaction.BLOB
                : t.has("maxFeePerGas") ? Transaction.DYNAMIC_FEE : hasAccessList ? Transaction.ACCESS_LIST
                : Transaction.LEGACY;
        UInt256 gasPrice = t.has("gasPrice") ? quantity(t.path("gasPrice")) : null;
        UInt256 feeCap = t.has("maxFeePerGas") ? quantity(t.path("maxFeePerGas")) : gasPrice;
        UInt256 tipCap = t.has("maxPriorityFeePerGas") ? quantity(t.path("maxPriorityFeePerGas")) : gasPrice;
        String to = t.path("to").asText("");
        return new Transaction(type, accessList, UInt256.ONE, unsignedLong(t.path("nonce")), gasPrice, tipCap, feeCap,
                quantity(t.path("gasLimit").get(g)).toLong(), Address.fromHex(t.path("sender").asText()),
                to.isEmpty() ? null : Address.fromHex(to), quantity(t.path("value").get(v)),
                Bytes.fromHex(t.path("data").get(d).asText()), null, null, null,
                t.has("maxFeePerBlobGas") ? quantity(t.path("maxFeePerBlobGas")) : null, blobHashes, null, null,
                auths);
    }
}
