package io.cqt.refiner.evm.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.fork.InstructionTable;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.frame.HaltReason;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.state.InMemoryWorld;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.tx.TransactionProcessor;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour of the interpreter and transaction processor on hand-written programs. */
class InterpreterTest {
    private static final Address SENDER = Address.fromHex("0x00000000000000000000000000000000000000aa");
    static final Address CONTRACT = Address.fromHex("0x00000000000000000000000000000000000000cc");
    private static final Address COINBASE = Address.fromHex("0x00000000000000000000000000000000000000bb");
    private static final long BLOCK_GAS = 1_000_000_000_000_000L;

    record Run(TxResult result, JournaledState state) {
    }

    /** Runs {@code code} as the contract a transaction with {@code gas} calls. */
    static Run run(Fork fork, String code, long gas) {
        InMemoryWorld world = new InMemoryWorld(n -> null)
                .put(SENDER, new InMemoryWorld.Account(0, UInt256.of(Long.MAX_VALUE), new byte[0], Map.of()))
                .put(CONTRACT, new InMemoryWorld.Account(1, UInt256.ZERO, Hex.decode(code), Map.of()));
        JournaledState state = new JournaledState(world, null);
        BlockContext block = new BlockContext(COINBASE, 1, 1000, BLOCK_GAS, Hash.ZERO, UInt256.ZERO, UInt256.ONE, 1);
        Transaction tx = new Transaction(Transaction.DYNAMIC_FEE, List.of(), UInt256.ONE, 0, null, UInt256.ZERO,
                UInt256.ONE, gas, SENDER, CONTRACT, UInt256.ZERO, Bytes.EMPTY, null, null, null, null, null, null,
                null, null);
        TxResult result = new TransactionProcessor(ForkSpec.of(fork), new PrecompileSet(Map.of()), auth -> null)
                .process(state, block, tx, SENDER, BLOCK_GAS);
        return new Run(result, state);
    }

    private static UInt256 slot(Run run, long slot) {
        return run.state().storage(CONTRACT, UInt256.of(slot));
    }

    @Test
    void callDepthReachesTheLimitWithoutJavaRecursion() {
        // counter += 1; CALL(gas, self, 0, 0, 0, 0, 0); pop; stop. Frames at depths 0..1024 each count once (the
        // Yellow Paper's 1024 call-depth limit), so the counter ends at 1025.
        String code = "0x600160005401600055" + "5f5f5f5f5f305af1" + "5000";
        Run run = run(Fork.PRAGUE, code, 5_000_000_000_000L);
        assertTrue(run.result().success(), () -> "halted " + run.result().halt());
        assertEquals(UInt256.of(1025), slot(run, 0));
    }

    @Test
    void clzExistsFromOsakaOnly() {
        // EIP-7939: CLZ(1) = 255; before Osaka 0x1e is undefined and the call halts exceptionally.
        String code = "0x60011e5f5500";
        Run osaka = run(Fork.OSAKA, code, 100_000);
        assertTrue(osaka.result().success());
        assertEquals(UInt256.of(255), slot(osaka, 0));
        Run prague = run(Fork.PRAGUE, code, 100_000);
        assertEquals(HaltReason.INVALID_OPCODE, prague.result().halt());
        assertEquals(100_000, prague.result().gasUsed(), "an exceptional halt consumes all gas");
    }

    @Test
    void instructionTablesFollowTheirEips() {
        InstructionTable london = InstructionTable.of(Fork.LONDON);
        InstructionTable shanghai = InstructionTable.of(Fork.SHANGHAI);
        InstructionTable cancun = InstructionTable.of(Fork.CANCUN);
        assertFalse(london.defined(0x5f), "PUSH0 arrives with EIP-3855 in Shanghai");
        assertTrue(shanghai.defined(0x5f));
        for (int op : new int[] {0x5c, 0x5d, 0x5e, 0x49, 0x4a}) { // TLOAD, TSTORE, MCOPY, BLOBHASH, BLOBBASEFEE
            assertFalse(shanghai.defined(op));
            assertTrue(cancun.defined(op));
        }
        assertFalse(london.defined(0xfe), "INVALID is never a defined instruction");
        assertEquals(1023, london.maxStack(0x60), "PUSH1 may not run on a full stack");
        assertEquals(1024, london.maxStack(0x90), "SWAP1 may run on a full stack");
        assertEquals(2, london.minStack(0x90), "SWAP1 needs two items");
    }

    @Test
    void sstoreMetersPerEip2200And2929() {
        // SSTORE(0, 1) on a cold, originally-zero slot: 20000 + 2100 cold (EIP-2929), plus 2 PUSH/PUSH0 and the
        // 21000 intrinsic cost.
        Run run = run(Fork.CANCUN, "0x60015f5500", 100_000);
        assertEquals(21_000 + 3 + 2 + 22_100, run.result().gasUsed());
        // Set then reset in the same transaction: 22100 + 100, refund 19900 (EIP-3529), capped at gasUsed / 5.
        Run reset = run(Fork.CANCUN, "0x60015f555f5f5500", 100_000);
        long used = 21_000 + 3 + 2 + 22_100 + 2 + 2 + 100;
        assertEquals(used - Math.min(19_900, used / 5), reset.result().gasUsed());
    }

    @Test
    void contractAddressesMatchKnownAnswers() {
        // Widely published CREATE examples for sender 0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0.
        Address sender = Address.fromHex("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
        assertEquals(Address.fromHex("0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"), ContractAddress.create(sender, 0));
        assertEquals(Address.fromHex("0x343c43a37d37dff08ae8c4a11544c718abb4fcf8"), ContractAddress.create(sender, 1));
        // EIP-1014 example 0: deployer 0x0, salt 0, init code 0x00.
        assertEquals(Address.fromHex("0x4d1a2e2bb4f88f0250f26ffff098b0b30b26bf38"),
                ContractAddress.create2(Address.ZERO, new byte[32],
                        io.cqt.refiner.crypto.Keccak256.hash(new byte[] {0})));
    }

    @Test
    void theLoopAllocatesNothingPerOpcode() {
        // counter = N; do { counter -= 1; mem[0x40] = counter; pop(mem[0x40]) } while (counter != 0): 13 opcodes per
        // turn (PUSH, SWAP, SUB, DUP, MSTORE, MLOAD, POP, JUMPI, ...). What a transaction allocates must not grow
        // with the turns taken.
        String few = loop(1_000);
        String many = loop(60_000);
        for (int i = 0; i < 20; i++) { // JIT warm-up, so escape analysis has had its say
            run(Fork.PRAGUE, few, 100_000_000);
            run(Fork.PRAGUE, many, 100_000_000);
        }
        Run done = run(Fork.PRAGUE, many, 100_000_000);
        assertTrue(done.result().success(), () -> "halted " + done.result().halt());
        assertTrue(done.result().gasUsed() > 60_000 * 30L, "the loop ran every turn: " + done.result().gasUsed());
        long fewBytes = allocatedBy(() -> run(Fork.PRAGUE, few, 100_000_000));
        long manyBytes = allocatedBy(() -> run(Fork.PRAGUE, many, 100_000_000));
        long extraOpcodes = (60_000 - 1_000) * 13L;
        assertTrue(manyBytes - fewBytes < 4096, () -> (manyBytes - fewBytes) + " more bytes for " + extraOpcodes
                + " more opcodes (" + fewBytes + " then " + manyBytes + ")");
    }

    private static String loop(int turns) {
        return String.format("0x61%04x" + "5b" + "6001" + "90" + "03" + "80" + "6040" + "52" + "6040" + "51" + "50"
                + "80" + "6003" + "57" + "00", turns);
    }

    private static long allocatedBy(Runnable work) {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(id);
        work.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
