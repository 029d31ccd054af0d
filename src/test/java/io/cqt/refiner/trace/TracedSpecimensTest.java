package io.cqt.refiner.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.BlockProcessor;
import io.cqt.refiner.evm.block.ExecutedReceipt;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.rule.CallTracesRule;
import io.cqt.refiner.rule.StateDiffRule;
import io.cqt.refiner.rule.TracedRules;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Specimen;
import io.cqt.refiner.specimen.SpecimenReader;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.testing.SharedData;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shared specimen file traced end to end (both rules from one execution), with what must hold whatever the
 * block: one entry per transaction in block order; the top frame's gas is the transaction's limit and its gasUsed the
 * receipt's; no frame uses more than it got; the state diff conserves ether (what left the accounts is the base fee
 * and blob fee burned); and every account the diff shows is the sender, the coinbase, an EIP-7702 authority, or named
 * by a frame none of whose ancestors failed, so a reverted frame's children leave no state.
 */
class TracedSpecimensTest {
    private static final long BLOB_GAS_PER_BLOB = 131_072;

    @TestFactory
    Stream<DynamicTest> everySharedSpecimen() throws IOException {
        Path root = SharedData.require("specimens");
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            return files.stream().map(f -> DynamicTest.dynamicTest(root.relativize(f).toString(), () -> check(f)));
        }
    }

    private static void check(Path file) throws IOException {
        Specimen specimen = SpecimenReader.read(file);
        TracedRules.Result r = TracedRules.apply(specimen, List.of(new CallTracesRule(), new StateDiffRule()));
        BlockExecution execution = r.execution();
        JsonNode calls = TraceEnvelope.mapper().readTree(r.outputs().get(CallTracesRule.NAME).bytes());
        JsonNode diffs = TraceEnvelope.mapper().readTree(r.outputs().get(StateDiffRule.NAME).bytes());
        List<Transaction> txs = execution.transactions();
        assertEquals(txs.size(), calls.size());
        assertEquals(txs.size(), diffs.size());
        Header header = execution.replica().header();
        BigInteger baseFee = header.baseFeePerGas().toBigInteger();
        BigInteger blobBaseFee = BlockProcessor.blockContext(header, execution.fork(), ForkSpec.of(execution.fork()), 1)
                .blobBaseFee().toBigInteger();
        int traced = 0;
        for (ExecutedReceipt receipt : execution.receipts()) {
            int i = receipt.transactionIndex();
            Transaction tx = txs.get(i);
            JsonNode call = calls.get(i);
            assertEquals(i, call.get("index").asInt());
            assertEquals(i, diffs.get(i).get("index").asInt());
            JsonNode top = call.get("result");
            assertEquals(tx.gas(), quantity(top.get("gas")).longValueExact(), "tx " + i + " top gas");
            assertEquals(receipt.gasUsed(), quantity(top.get("gasUsed")).longValueExact(), "tx " + i + " gasUsed");
            assertEquals(receipt.success(), !top.has("error"), "tx " + i + " status");
            framesWithinTheirGas(top, "tx " + i);

            JsonNode diff = diffs.get(i).get("result");
            BigInteger blobFee = BigInteger.valueOf(tx.blobHashes() == null ? 0
                    : tx.blobHashes().size() * BLOB_GAS_PER_BLOB).multiply(blobBaseFee);
            BigInteger burned = baseFee.multiply(BigInteger.valueOf(receipt.gasUsed())).add(blobFee);
            assertEquals(burned.negate(), balanceChange(diff), "tx " + i + ": ether in the diff");

            Set<String> named = new HashSet<>();
            named.add(execution.replica().senders().get(i).toString());
            named.add(header.miner().toString());
            if (tx.authList() != null) {
                // Authorities are recovered from signatures; name every account an authorization could touch.
                for (Iterator<String> it = diff.get("post").fieldNames(); it.hasNext(); ) {
                    String a = it.next();
                    JsonNode post = diff.get("post").get(a);
                    if (post.has("code") && post.get("code").asText().startsWith("0xef0100")) {
                        named.add(a);
                    }
                }
            }
            successfulFrames(top, named);
            for (String side : List.of("pre", "post")) {
                for (Iterator<String> it = diff.get(side).fieldNames(); it.hasNext(); ) {
                    String a = it.next();
                    assertTrue(named.contains(a), "tx " + i + ": " + side + " shows " + a
                            + ", named by no frame that kept its state");
                }
            }
            traced++;
        }
        assertEquals(execution.receipts().size(), traced);
        assertFalse(execution.receipts().isEmpty());
    }

    private static void framesWithinTheirGas(JsonNode frame, String where) {
        BigInteger gas = quantity(frame.get("gas"));
        assertTrue(quantity(frame.get("gasUsed")).compareTo(gas) <= 0, where + ": gasUsed above gas");
        for (JsonNode child : frame.path("calls")) {
            assertTrue(quantity(child.get("gas")).compareTo(gas) <= 0, where + ": a child got more gas than its parent");
            framesWithinTheirGas(child, where);
        }
    }

    /** The accounts of frames none of whose ancestors (nor themselves) failed: the only ones that may keep state. */
    private static void successfulFrames(JsonNode frame, Set<String> named) {
        if (frame.has("error")) {
            return;
        }
        named.add(frame.get("from").asText().toLowerCase(Locale.ROOT));
        if (frame.has("to")) {
            named.add(frame.get("to").asText().toLowerCase(Locale.ROOT));
        }
        for (JsonNode child : frame.path("calls")) {
            successfulFrames(child, named);
        }
    }

    /** The sum over the diff's accounts of balance after less balance before. */
    private static BigInteger balanceChange(JsonNode diff) {
        BigInteger sum = BigInteger.ZERO;
        JsonNode pre = diff.get("pre");
        JsonNode post = diff.get("post");
        Set<String> accounts = new HashSet<>();
        pre.fieldNames().forEachRemaining(accounts::add);
        post.fieldNames().forEachRemaining(accounts::add);
        for (String a : accounts) {
            BigInteger before = pre.has(a) ? quantity(pre.get(a).get("balance")) : BigInteger.ZERO;
            BigInteger after;
            if (!post.has(a)) {
                after = BigInteger.ZERO; // deleted
            } else if (post.get(a).has("balance")) {
                after = quantity(post.get(a).get("balance"));
            } else {
                after = before; // unchanged
            }
            sum = sum.add(after.subtract(before));
        }
        return sum;
    }

    private static BigInteger quantity(JsonNode n) {
        return new BigInteger(n.asText().substring(2), 16);
    }
}
