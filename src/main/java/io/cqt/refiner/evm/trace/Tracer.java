package io.cqt.refiner.evm.trace;

import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/**
 * What an execution tells a tracer, at geth's hook points (core/tracing): transactions, message frames, logs and each
 * transaction's state changes. The interpreter holds a possibly null tracer and calls it only where a frame starts
 * or ends, a log is emitted or a transaction ends, never per opcode, so an execution without one pays a null check
 * per message. Every method has a no-op default; an implementation keeps what it needs. Called from the executing
 * thread only.
 */
public interface Tracer {
    /** A block's execution starts; an execution run again (a repaired loss) starts over. */
    default void onBlockStart() {
    }

    /** Transaction {@code index} of the block passed its pre-checks and bought its gas. */
    default void onTxStart(int index, Transaction tx, Address sender) {
    }

    /**
     * A message frame starts.
     *
     * @param depth 0 for the transaction's own message
     * @param kind  the opcode that made it (CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2, SELFDESTRUCT;
     *              a transaction's message is CALL or CREATE)
     * @param from  the account whose code made the message (the sender at depth 0)
     * @param to    the callee (for DELEGATECALL and CALLCODE the code's account), or the new contract's address
     * @param gas   the gas the frame gets (a value transfer's stipend included)
     */
    default void onEnter(int depth, int kind, Address from, Address to, byte[] input, long gas, UInt256 value) {
    }

    /**
     * The frame most recently entered ends.
     *
     * @param output  return or revert data; a successful creation's deployed code
     * @param gasUsed the frame's gas less what it handed back
     * @param error   null on success, else geth's error text ({@code execution reverted}, {@code out of gas}, ...)
     */
    default void onExit(int depth, byte[] output, long gasUsed, String error) {
    }

    /** A log emitted by the frame on top; {@code indexInTx} counts the transaction's logs still standing before it. */
    default void onLog(Log log, int indexInTx) {
    }

    /**
     * The accounts the transaction changed, as it leaves them (after EIP-161 and SELFDESTRUCT deletions). Called
     * only for a tracer that {@link #wantsStateChanges()}: gathering them walks every account the block loaded.
     */
    default void onStateChanges(List<AccountDiff> changes) {
    }

    /** Whether {@link #onStateChanges} is to be called. */
    default boolean wantsStateChanges() {
        return false;
    }

    /** Transaction {@code index} ended, included or rejected. */
    default void onTxEnd(int index, TxResult result) {
    }
}
