package io.cqt.refiner.trace;

import static io.cqt.refiner.evm.code.Opcodes.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.interp.ContractAddress;
import io.cqt.refiner.evm.interp.Delegation;
import io.cqt.refiner.evm.interp.Interpreter;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The callTracer's frames on hand-written contracts, each expectation from geth's tracer documentation ("Built-in
 * tracers": a frame's gas is what the callee gets, gasUsed what it did not hand back, the top frame the
 * transaction's gas limit and receipt gas, failed creations without {@code to}, failed frames without logs) and the
 * execution specs' gas rules (EIP-2929 access costs, the 63/64 rule, the 2300 stipend, code deposit).
 */
class CallTracerTest {
    private static final Address A = Address.fromHex("0x00000000000000000000000000000000000000a1");
    private static final Address B = Address.fromHex("0x00000000000000000000000000000000000000b1");
    private static final Address LIB = Address.fromHex("0x000000000000000000000000000000000000c0de");
    private static final Address IDENTITY = Address.fromHex("0x0000000000000000000000000000000000000004");
    private static final long GAS_LIMIT = 1_000_000;

    private static ObjectNode trace(TraceHarness world, Address to, long value, byte[] input, long gas) {
        CallTracer tracer = new CallTracer();
        world.run(Fork.PRAGUE, to, value, input, gas, tracer);
        return tracer.results().get(0);
    }

    private static long quantity(JsonNode n) {
        return Long.parseLong(n.asText().substring(2), 16);
    }

    @Test
    void nestedCallGasAtEachFrameAndTheTopFrameIsTheReceipts() {
        // A: CALL(50000, B, 0, 0, 0, 0, 0) POP STOP; B: RETURN(0, 0).
        byte[] a = new Asm().call(CALL, 50_000, B, 0, 0, 0, 0, 0).op(POP, STOP).bytes();
        TraceHarness world = new TraceHarness()
                .account(A, 1, UInt256.ZERO, a)
                .account(B, 1, UInt256.ZERO, new Asm().push(0).push(0).op(RETURN).bytes());
        CallTracer tracer = new CallTracer();
        TraceHarness.Run run = world.run(Fork.PRAGUE, A, 0, new byte[0], GAS_LIMIT, tracer);
        ObjectNode top = tracer.results().get(0);

        assertEquals("CALL", top.get("type").asText());
        assertEquals(TraceHarness.SENDER.toString(), top.get("from").asText());
        assertEquals(A.toString(), top.get("to").asText());
        assertEquals(GAS_LIMIT, quantity(top.get("gas")), "the top frame's gas is the transaction's gas limit");
        assertEquals(run.result().gasUsed(), quantity(top.get("gasUsed")), "the top frame's gasUsed is the receipt's");
        // 21000 intrinsic + 7 pushes (21) + a cold account (2600) + B's two pushes (6) + POP (2)
        assertEquals(21_000 + 21 + 2_600 + 6 + 2, quantity(top.get("gasUsed")));
        assertEquals("0x0", top.get("value").asText());
        JsonNode child = top.get("calls").get(0);
        assertEquals(1, top.get("calls").size());
        assertEquals("CALL", child.get("type").asText());
        assertEquals(A.toString(), child.get("from").asText());
        assertEquals(B.toString(), child.get("to").asText());
        assertEquals(50_000, quantity(child.get("gas")), "the gas the caller asked for, below 63/64 of its own");
        assertEquals(6, quantity(child.get("gasUsed")));
        assertEquals("0x", child.get("input").asText());
        assertFalse(child.has("output"), "empty output is left out");
        assertFalse(child.has("error"));
        assertFalse(child.has("calls"));
    }

    @Test
    void aValueTransferGetsTheStipendAndAShortBalanceIsAFrameWithItsError() {
        // A (balance 5) sends 1 wei to B with gas 0 (B runs on the 2300 stipend), then 10 wei it does not have.
        byte[] a = new Asm().call(CALL, 0, B, 1, 0, 0, 0, 0).op(POP)
                .call(CALL, 0, B, 10, 0, 0, 0, 0).op(POP, STOP).bytes();
        TraceHarness world = new TraceHarness()
                .account(A, 1, UInt256.of(5), a)
                .account(B, 1, UInt256.ZERO, new byte[] {(byte) STOP});
        JsonNode calls = trace(world, A, 0, new byte[0], GAS_LIMIT).get("calls");
        assertEquals(2, calls.size());
        assertEquals(2_300, quantity(calls.get(0).get("gas")));
        assertEquals(0, quantity(calls.get(0).get("gasUsed")));
        assertEquals("0x1", calls.get(0).get("value").asText());
        assertEquals("insufficient balance for transfer", calls.get(1).get("error").asText());
        assertEquals(2_300, quantity(calls.get(1).get("gas")));
        assertEquals(0, quantity(calls.get(1).get("gasUsed")), "a refused call uses none of its gas");
        assertEquals("0xa", calls.get(1).get("value").asText());
    }

    @Test
    void createAndCreate2FramesCarryTheNewAddressInitCodeAndDeployedCode() {
        // Init code PUSH1 1 PUSH1 0 RETURN deploys the one byte 0x00.
        byte[] initcode = Hex.decode("0x60016000f3");
        byte[] salt = new byte[32];
        salt[31] = 0x2a;
        byte[] a = new Asm().store(initcode, 0)
                .push(5).push(27).push(0).op(CREATE, POP)
                .push(salt).push(5).push(27).push(0).op(CREATE2, POP, STOP).bytes();
        TraceHarness world = new TraceHarness().account(A, 1, UInt256.ZERO, a);
        ObjectNode top = trace(world, A, 0, new byte[0], GAS_LIMIT);
        JsonNode create = top.get("calls").get(0);
        JsonNode create2 = top.get("calls").get(1);

        assertEquals("CREATE", create.get("type").asText());
        assertEquals(ContractAddress.create(A, 1).toString(), create.get("to").asText());
        assertEquals("0x60016000f3", create.get("input").asText());
        assertEquals("0x00", create.get("output").asText(), "a creation's output is the code it deployed");
        // two pushes (6) + one word of memory (3) + the code deposit of one byte (200)
        assertEquals(209, quantity(create.get("gasUsed")));
        // Before the CREATE: PUSH5, PUSH1, MSTORE (3 + 3 memory), three PUSH1s, then CREATE's 32000 and the EIP-3860
        // init code word (2): the child gets all but one 64th of the rest (EIP-150).
        long left = GAS_LIMIT - 21_000 - 3 - 3 - 6 - 9 - 32_000 - 2;
        assertEquals(left - left / 64, quantity(create.get("gas")));
        assertEquals("0x0", create.get("value").asText());

        assertEquals("CREATE2", create2.get("type").asText());
        assertEquals(ContractAddress.create2(A, salt, Keccak256.hash(initcode)).toString(),
                create2.get("to").asText());
        assertEquals("0x00", create2.get("output").asText());
    }

    @Test
    void aFailedCreationHasNoAddress() {
        // Init code REVERT(0, 0).
        byte[] initcode = Hex.decode("0x60006000fd");
        byte[] a = new Asm().store(initcode, 0).push(5).push(27).push(0).op(CREATE, POP, STOP).bytes();
        TraceHarness world = new TraceHarness().account(A, 1, UInt256.ZERO, a);
        JsonNode create = trace(world, A, 0, new byte[0], GAS_LIMIT).get("calls").get(0);
        assertEquals("execution reverted", create.get("error").asText());
        assertFalse(create.has("to"), "geth drops a failed creation's address");
        assertFalse(create.has("output"), "empty revert data is left out");
    }

    @Test
    void aPrecompileCallIsAFrame() {
        // A: MSTORE(0, 0x1234); CALL(1000, identity, 0, 0, 32, 32, 32); STOP.
        byte[] a = new Asm().store(new byte[] {0x12, 0x34}, 0).call(CALL, 1000, IDENTITY, 0, 0, 32, 32, 32)
                .op(POP, STOP).bytes();
        TraceHarness world = new TraceHarness().account(A, 1, UInt256.ZERO, a);
        JsonNode call = trace(world, A, 0, new byte[0], GAS_LIMIT).get("calls").get(0);
        assertEquals(IDENTITY.toString(), call.get("to").asText());
        assertEquals(1000, quantity(call.get("gas")));
        assertEquals(15 + 3, quantity(call.get("gasUsed")), "identity: 15 + 3 per word");
        String word = "0x" + "00".repeat(30) + "1234";
        assertEquals(word, call.get("input").asText());
        assertEquals(word, call.get("output").asText());
    }

    /**
     * A failing precompile's frame carries the error geth's precompile returns (core/vm/contracts.go and the
     * crypto libraries it calls, geth 02b73d4), and uses all its gas; one short of its price fails before it runs.
     */
    @Test
    void aFailingPrecompileFrameNamesGethsError() {
        Address ecAdd = Address.fromHex("0x0000000000000000000000000000000000000006");
        Address blake2f = Address.fromHex("0x0000000000000000000000000000000000000009");
        // A: memory (1, 3), a point off y² = x³ + 3; ECADD of it and infinity with 10000 gas, then with 149 (its
        // price is 150); BLAKE2F of nothing (priced 0, as its length is wrong) by STATICCALL.
        byte[] a = new Asm().store(new byte[] {1}, 0).store(new byte[] {3}, 32)
                .call(CALL, 10_000, ecAdd, 0, 0, 64, 0, 0).op(POP)
                .call(CALL, 149, ecAdd, 0, 0, 64, 0, 0).op(POP)
                .call(STATICCALL, 5_000, blake2f, 0, 0, 0, 0).op(POP, STOP).bytes();
        TraceHarness world = new TraceHarness().account(A, 1, UInt256.ZERO, a);
        ObjectNode top = trace(world, A, 0, new byte[0], GAS_LIMIT);
        JsonNode calls = top.get("calls");
        assertEquals(3, calls.size());
        JsonNode offCurve = calls.get(0);
        assertEquals(ecAdd.toString(), offCurve.get("to").asText());
        assertEquals("point is not on curve", offCurve.get("error").asText());
        assertEquals(10_000, quantity(offCurve.get("gasUsed")), "a failed precompile uses all its gas");
        assertFalse(offCurve.has("output"));
        assertEquals("out of gas", calls.get(1).get("error").asText());
        assertEquals(149, quantity(calls.get(1).get("gasUsed")));
        JsonNode blake = calls.get(2);
        assertEquals("STATICCALL", blake.get("type").asText());
        assertEquals("invalid input length", blake.get("error").asText());
        assertEquals(5_000, quantity(blake.get("gasUsed")));
        assertFalse(top.has("error"), "the caller goes on");
    }

    @Test
    void aTransactionToAFailingPrecompileIsATopFrameWithItsError() {
        Address blsG1Add = Address.fromHex("0x000000000000000000000000000000000000000b");
        ObjectNode top = trace(new TraceHarness(), blsG1Add, 0, new byte[10], GAS_LIMIT);
        assertEquals(blsG1Add.toString(), top.get("to").asText());
        assertEquals("invalid input length", top.get("error").asText(), "EIP-2537 G1ADD takes exactly 256 bytes");
        assertFalse(top.has("calls"));
    }

    @Test
    void selfdestructIsAFrameMovingTheBalance() {
        Address heir = Address.fromHex("0x00000000000000000000000000000000000000be");
        TraceHarness world = new TraceHarness()
                .account(A, 1, UInt256.of(5), new Asm().push(heir).op(SELFDESTRUCT).bytes());
        ObjectNode top = trace(world, A, 0, new byte[0], GAS_LIMIT);
        JsonNode sd = top.get("calls").get(0);
        assertEquals("SELFDESTRUCT", sd.get("type").asText());
        assertEquals(A.toString(), sd.get("from").asText());
        assertEquals(heir.toString(), sd.get("to").asText());
        assertEquals("0x5", sd.get("value").asText());
        assertEquals("0x0", sd.get("gas").asText());
        assertEquals("0x0", sd.get("gasUsed").asText());
        assertEquals("0x", sd.get("input").asText());
        assertFalse(top.has("error"));
    }

    @Test
    void aRevertedSubCallKeepsItsReasonAndLosesItsLogs() {
        // B: LOG0(0, 0), then REVERT with Error("boom"); A: CALL B, then LOG0(0, 0), STOP.
        byte[] reason = "boom".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new Asm().push(0).push(0).op(LOG0)
                .storeLeft(Hex.decode("0x08c379a0"), 0).store(new byte[] {0x20}, 4).store(new byte[] {4}, 0x24)
                .storeLeft(reason, 0x44).push(0x64).push(0).op(REVERT).bytes();
        byte[] a = new Asm().call(CALL, 100_000, B, 0, 0, 0, 0, 0).op(POP).push(0).push(0).op(LOG0, STOP).bytes();
        TraceHarness world = new TraceHarness()
                .account(A, 1, UInt256.ZERO, a)
                .account(B, 1, UInt256.ZERO, b);
        ObjectNode top = trace(world, A, 0, new byte[0], GAS_LIMIT);
        JsonNode child = top.get("calls").get(0);
        assertEquals("execution reverted", child.get("error").asText());
        assertEquals("boom", child.get("revertReason").asText());
        assertEquals(2 + 2 * 0x64, child.get("output").asText().length(),
                "the 100 bytes of revert data");
        assertTrue(child.get("output").asText().startsWith("0x08c379a0"));
        assertFalse(child.has("logs"), "a reverted frame's logs are dropped");
        assertFalse(top.has("error"), "the caller goes on");
        JsonNode log = top.get("logs").get(0);
        assertEquals(A.toString(), log.get("address").asText());
        assertEquals("0x1", log.get("position").asText(), "emitted after one call of its frame");
        assertEquals("0x0", log.get("index").asText(), "the first log the block keeps");
        assertEquals("0x", log.get("data").asText());
    }

    @Test
    void panicCodesAndMalformedRevertData() {
        byte[] panic = Hex.decode("0x4e487b71" + "00".repeat(31) + "11");
        assertEquals("arithmetic underflow or overflow", RevertReason.of(panic));
        assertEquals("unknown panic code: 0x99", RevertReason.of(Hex.decode("0x4e487b71" + "00".repeat(31) + "99")));
        assertNull(RevertReason.of(Hex.decode("0x08c379a0" + "00".repeat(31) + "20")), "cut short");
        assertNull(RevertReason.of(Hex.decode("0xdeadbeef")));
    }

    @Test
    void delegateCallRunsAsTheCallerAndStaticCallHasNoValue() {
        // A (called with 7 wei): DELEGATECALL(LIB) then STATICCALL(LIB); LIB: STOP.
        byte[] a = new Asm().call(DELEGATECALL, 30_000, LIB, 0, 0, 0, 0).op(POP)
                .call(STATICCALL, 30_000, LIB, 0, 0, 0, 0).op(POP, STOP).bytes();
        TraceHarness world = new TraceHarness()
                .account(A, 1, UInt256.ZERO, a)
                .account(LIB, 1, UInt256.ZERO, new byte[] {(byte) STOP});
        JsonNode calls = trace(world, A, 7, new byte[0], GAS_LIMIT).get("calls");
        JsonNode delegate = calls.get(0);
        assertEquals("DELEGATECALL", delegate.get("type").asText());
        assertEquals(A.toString(), delegate.get("from").asText(), "from the frame whose context it runs in");
        assertEquals(LIB.toString(), delegate.get("to").asText(), "to the account whose code runs");
        assertEquals("0x7", delegate.get("value").asText(), "the caller's value");
        JsonNode stat = calls.get(1);
        assertEquals("STATICCALL", stat.get("type").asText());
        assertFalse(stat.has("value"));
    }

    @Test
    void aCallToAnEip7702DelegatedAccountRunsTheDelegatesCodeAsTheAccount() {
        Address eoa = Address.fromHex("0x00000000000000000000000000000000000000e0");
        // LIB: LOG0(0, 0), STOP. The EOA carries the designator 0xef0100 || LIB.
        TraceHarness world = new TraceHarness()
                .account(A, 1, UInt256.ZERO, new Asm().call(CALL, 50_000, eoa, 0, 0, 0, 0, 0).op(POP, STOP).bytes())
                .account(LIB, 1, UInt256.ZERO, new Asm().push(0).push(0).op(LOG0, STOP).bytes())
                .account(eoa, 3, UInt256.ZERO, Delegation.designator(LIB));
        JsonNode call = trace(world, A, 0, new byte[0], GAS_LIMIT).get("calls").get(0);
        assertEquals("CALL", call.get("type").asText());
        assertEquals(eoa.toString(), call.get("to").asText());
        assertEquals(eoa.toString(), call.get("logs").get(0).get("address").asText(),
                "the delegate's code runs as the account");
        assertFalse(call.has("calls"), "no frame of its own for the delegate");
    }

    @Test
    void exceptionalHaltsNameTheOpcodeAndStackAsGethDoes() {
        Address c = Address.fromHex("0x00000000000000000000000000000000000000c1");
        byte[] a = new Asm().call(CALL, 10_000, B, 0, 0, 0, 0, 0).op(POP)
                .call(CALL, 10_000, c, 0, 0, 0, 0, 0).op(POP, STOP).bytes();
        TraceHarness world = new TraceHarness()
                .account(A, 1, UInt256.ZERO, a)
                .account(B, 1, UInt256.ZERO, new byte[] {(byte) INVALID})
                .account(c, 1, UInt256.ZERO, new byte[] {(byte) PUSH0, (byte) ADD});
        JsonNode calls = trace(world, A, 0, new byte[0], GAS_LIMIT).get("calls");
        assertEquals("invalid opcode: INVALID", calls.get(0).get("error").asText());
        assertEquals(10_000, quantity(calls.get(0).get("gasUsed")), "an exceptional halt uses all its gas");
        assertEquals("stack underflow (1 <=> 2)", calls.get(1).get("error").asText());
    }

    @Test
    void callsBeyondTheDepthLimitAreRefusedFramesAt1025Levels() {
        // A calls itself with all its gas until the depth limit refuses the call.
        byte[] a = new Asm().push(0).push(0).push(0).push(0).push(0).op(ADDRESS, GAS, CALL, STOP).bytes();
        TraceHarness world = new TraceHarness().account(A, 1, UInt256.ZERO, a);
        ObjectNode top = trace(world, A, 0, new byte[0], 5_000_000_000_000L);
        JsonNode frame = top;
        int depth = 0;
        while (frame.has("calls")) {
            frame = frame.get("calls").get(0);
            depth++;
        }
        assertEquals(Interpreter.MAX_CALL_DEPTH + 1, depth, "frames at depths 0..1024, then the refused one");
        assertEquals("max call depth exceeded", frame.get("error").asText());
        assertEquals(0, quantity(frame.get("gasUsed")));
        // And the whole tree still serialises and reads back.
        TraceEnvelope.mapper().valueToTree(top);
    }
}
