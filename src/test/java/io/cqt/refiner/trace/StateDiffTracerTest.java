package io.cqt.refiner.trace;

import static io.cqt.refiner.evm.code.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.interp.ContractAddress;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The prestate tracer's diff mode on hand-written contracts, each expectation from geth's tracer documentation
 * ("Built-in tracers", prestateTracer diffMode): pre holds the changed accounts as they were, post only what changed;
 * a deleted account is in pre only, a created one in post only; zero slots are left out.
 */
class StateDiffTracerTest {
    private static final Address A = Address.fromHex("0x00000000000000000000000000000000000000a1");
    private static final Address B = Address.fromHex("0x00000000000000000000000000000000000000b1");
    private static final long GAS_LIMIT = 1_000_000;

    private static String word(long v) {
        return Hex.encode(UInt256.of(v).toBytes32());
    }

    private static ObjectNode diff(TraceHarness world, Fork fork, Address to, long value) {
        StateDiffTracer tracer = new StateDiffTracer();
        world.run(fork, to, value, new byte[0], GAS_LIMIT, tracer);
        return tracer.results().get(0);
    }

    @Test
    void storageWritesShowChangedSlotsAndFeesMoveTheSenderAndCoinbase() {
        // A: SSTORE(1, 5) (was 3), SSTORE(2, 0) (was 9), SSTORE(4, 4) then SSTORE(4, 0) (unchanged in the end),
        // SLOAD(7) (read only).
        byte[] a = new Asm().push(5).push(1).op(SSTORE).push(0).push(2).op(SSTORE)
                .push(4).push(4).op(SSTORE).push(0).push(4).op(SSTORE).push(7).op(SLOAD, POP, STOP).bytes();
        TraceHarness world = new TraceHarness().account(A, 1, UInt256.ZERO, a,
                Map.of(UInt256.of(1), UInt256.of(3), UInt256.of(2), UInt256.of(9), UInt256.of(7), UInt256.of(8)));
        CallTracer calls = new CallTracer();
        StateDiffTracer tracer = new StateDiffTracer();
        TraceHarness.Run run = world.run(Fork.PRAGUE, A, 0, new byte[0], GAS_LIMIT, calls, tracer);
        ObjectNode d = tracer.results().get(0);

        JsonNode pre = d.get("pre").get(A.toString());
        JsonNode post = d.get("post").get(A.toString());
        assertEquals(Hex.encode(a), pre.get("code").asText());
        assertEquals(1, pre.get("nonce").asLong());
        assertEquals("0x0", pre.get("balance").asText());
        assertEquals(Map.of(word(1), word(3), word(2), word(9)), fields(pre.get("storage")),
                "changed slots that were not zero");
        assertEquals(Map.of(word(1), word(5)), fields(post.get("storage")), "a slot set to zero is left out");
        assertFalse(post.has("balance") || post.has("nonce") || post.has("code"), "unchanged fields are left out");

        long gasUsed = run.result().gasUsed();
        JsonNode senderPre = d.get("pre").get(TraceHarness.SENDER.toString());
        JsonNode senderPost = d.get("post").get(TraceHarness.SENDER.toString());
        long price = TraceHarness.BASE_FEE + TraceHarness.TIP;
        assertEquals(BigInteger.valueOf(gasUsed * price), quantity(senderPre.get("balance"))
                .subtract(quantity(senderPost.get("balance"))));
        assertEquals(1, senderPost.get("nonce").asLong());
        assertFalse(senderPre.has("nonce"), "a zero nonce is left out");
        JsonNode coinbasePre = d.get("pre").get(TraceHarness.COINBASE.toString());
        assertEquals("0x0", coinbasePre.get("balance").asText(), "an account that did not exist");
        assertEquals(BigInteger.valueOf(gasUsed * TraceHarness.TIP),
                quantity(d.get("post").get(TraceHarness.COINBASE.toString()).get("balance")));
        assertEquals(3, count(d.get("pre")), "sender, contract, coinbase");
    }

    @Test
    void aRevertedSubCallLeavesNoState() {
        // A: CALL B with 1 wei, then SSTORE(0, 1); B: SSTORE(0, 1), then REVERT. B's write and the wei stay undone.
        byte[] a = new Asm().call(CALL, 100_000, B, 1, 0, 0, 0, 0).op(POP).push(1).push(0).op(SSTORE, STOP).bytes();
        byte[] b = new Asm().push(1).push(0).op(SSTORE).push(0).push(0).op(REVERT).bytes();
        TraceHarness world = new TraceHarness()
                .account(A, 1, UInt256.of(10), a)
                .account(B, 1, UInt256.ZERO, b);
        ObjectNode d = diff(world, Fork.PRAGUE, A, 0);
        assertFalse(d.get("pre").has(B.toString()));
        assertFalse(d.get("post").has(B.toString()));
        JsonNode post = d.get("post").get(A.toString());
        assertFalse(post.has("balance"), "the wei came back");
        assertEquals(Map.of(word(0), word(1)), fields(post.get("storage")));
    }

    @Test
    void aCreatedContractIsInPostOnlyAndAValueTransferToANewAccountShowsAZeroBalanceBefore() {
        // A: CREATE with init code returning the byte 0x00, then CALL a fresh address with 3 wei.
        Address fresh = Address.fromHex("0x00000000000000000000000000000000000000f5");
        byte[] a = new Asm().store(Hex.decode("0x60016000f3"), 0).push(5).push(27).push(0).op(CREATE, POP)
                .call(CALL, 0, fresh, 3, 0, 0, 0, 0).op(POP, STOP).bytes();
        TraceHarness world = new TraceHarness().account(A, 1, UInt256.of(10), a);
        ObjectNode d = diff(world, Fork.PRAGUE, A, 0);
        String created = ContractAddress.create(A, 1).toString();
        assertFalse(d.get("pre").has(created), "created, and empty before");
        JsonNode post = d.get("post").get(created);
        assertEquals("0x00", post.get("code").asText());
        assertEquals(1, post.get("nonce").asLong());
        assertFalse(post.has("balance"), "no value came with the creation");
        assertEquals("{\"balance\":\"0x0\"}", d.get("pre").get(fresh.toString()).toString());
        assertEquals("0x3", d.get("post").get(fresh.toString()).get("balance").asText());
        assertEquals(2, d.get("post").get(A.toString()).get("nonce").asLong(), "CREATE bumped A's nonce");
    }

    @Test
    void aDestroyedAccountIsInPreOnly() {
        // Before Cancun (EIP-6780) SELFDESTRUCT deletes an existing contract.
        Address heir = Address.fromHex("0x00000000000000000000000000000000000000be");
        byte[] a = new Asm().push(heir).op(SELFDESTRUCT).bytes();
        TraceHarness world = new TraceHarness().account(A, 1, UInt256.of(5), a,
                Map.of(UInt256.of(1), UInt256.of(2)));
        ObjectNode d = diff(world, Fork.SHANGHAI, A, 0);
        JsonNode pre = d.get("pre").get(A.toString());
        assertEquals("0x5", pre.get("balance").asText());
        assertEquals(Hex.encode(a), pre.get("code").asText());
        assertFalse(d.get("post").has(A.toString()), "deleted: no post");
        assertEquals("0x5", d.get("post").get(heir.toString()).get("balance").asText());

        // From Cancun the contract stays, with its balance moved.
        ObjectNode cancun = diff(world, Fork.CANCUN, A, 0);
        assertEquals("0x0", cancun.get("post").get(A.toString()).get("balance").asText());
        assertTrue(cancun.get("pre").has(A.toString()));
    }

    private static BigInteger quantity(JsonNode n) {
        return new BigInteger(n.asText().substring(2), 16);
    }

    private static Map<String, String> fields(JsonNode o) {
        Map<String, String> out = new java.util.TreeMap<>();
        o.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static int count(JsonNode o) {
        int n = 0;
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }
}
