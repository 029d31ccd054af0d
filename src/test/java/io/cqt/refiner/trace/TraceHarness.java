package io.cqt.refiner.trace;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.evm.state.InMemoryWorld;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.trace.Tracers;
import io.cqt.refiner.evm.tx.TransactionProcessor;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.List;
import java.util.Map;

/** One transaction from {@link #SENDER}, executed over an in-memory world with tracers attached. */
final class TraceHarness {
    static final Address SENDER = Address.fromHex("0x00000000000000000000000000000000000000aa");
    static final Address COINBASE = Address.fromHex("0x00000000000000000000000000000000000000bb");
    static final long BLOCK_GAS = 10_000_000_000_000L;
    /** The base fee and the tip, so fees move balances. */
    static final long BASE_FEE = 7;
    static final long TIP = 2;

    private final InMemoryWorld world = new InMemoryWorld(n -> null);

    TraceHarness() {
        account(SENDER, 0, UInt256.of(1_000_000_000_000_000L), new byte[0]);
    }

    TraceHarness account(Address address, long nonce, UInt256 balance, byte[] code) {
        return account(address, nonce, balance, code, Map.of());
    }

    TraceHarness account(Address address, long nonce, UInt256 balance, byte[] code, Map<UInt256, UInt256> storage) {
        world.put(address, new InMemoryWorld.Account(nonce, balance, code, storage));
        return this;
    }

    record Run(TxResult result, JournaledState state) {
    }

    /** A call (or, with {@code to} null, a creation) of the sender's nonce 0, as a type-2 transaction. */
    Run run(Fork fork, Address to, long value, byte[] input, long gas, Tracer... tracers) {
        return run(fork, transaction(to, value, input, gas, null), tracers);
    }

    Run run(Fork fork, Transaction tx, Tracer... tracers) {
        JournaledState state = new JournaledState(world, null);
        BlockContext block = new BlockContext(COINBASE, 1, 1000, BLOCK_GAS, Hash.ZERO, UInt256.of(BASE_FEE),
                UInt256.ONE, 1);
        Tracer tracer = Tracers.of(List.of(tracers));
        TransactionProcessor processor = new TransactionProcessor(ForkSpec.of(fork), MainnetPrecompiles.forFork(fork),
                auth -> null, TransactionProcessor.Validation.FULL, tracer);
        tracer.onBlockStart();
        tracer.onTxStart(0, tx, SENDER);
        TxResult result = processor.process(state, block, tx, SENDER, BLOCK_GAS);
        tracer.onTxEnd(0, result);
        return new Run(result, state);
    }

    static Transaction transaction(Address to, long value, byte[] input, long gas,
                                   List<Transaction.Authorization> auths) {
        int type = auths == null ? Transaction.DYNAMIC_FEE : Transaction.SET_CODE;
        return new Transaction(type, List.of(), UInt256.ONE, 0, null, UInt256.of(TIP),
                UInt256.of(BASE_FEE + TIP), gas, SENDER, to, UInt256.of(value), Bytes.wrap(input), null, null, null,
                null, null, null, null, auths);
    }
}
