package io.cqt.refiner.evm.trace;

import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/** Several tracers on one execution, each told everything in the order given. */
public final class Tracers implements Tracer {
    private final Tracer[] tracers;

    private Tracers(List<? extends Tracer> tracers) {
        this.tracers = tracers.toArray(new Tracer[0]);
    }

    /** One tracer as itself, several fanned out, none as null (no tracing at all). */
    public static Tracer of(List<? extends Tracer> tracers) {
        return switch (tracers.size()) {
            case 0 -> null;
            case 1 -> tracers.get(0);
            default -> new Tracers(tracers);
        };
    }

    @Override
    public void onBlockStart() {
        for (Tracer t : tracers) {
            t.onBlockStart();
        }
    }

    @Override
    public void onTxStart(int index, Transaction tx, Address sender) {
        for (Tracer t : tracers) {
            t.onTxStart(index, tx, sender);
        }
    }

    @Override
    public void onEnter(int depth, int kind, Address from, Address to, byte[] input, long gas, UInt256 value) {
        for (Tracer t : tracers) {
            t.onEnter(depth, kind, from, to, input, gas, value);
        }
    }

    @Override
    public void onExit(int depth, byte[] output, long gasUsed, String error) {
        for (Tracer t : tracers) {
            t.onExit(depth, output, gasUsed, error);
        }
    }

    @Override
    public void onLog(Log log, int indexInTx) {
        for (Tracer t : tracers) {
            t.onLog(log, indexInTx);
        }
    }

    @Override
    public void onStateChanges(List<AccountDiff> changes) {
        for (Tracer t : tracers) {
            t.onStateChanges(changes);
        }
    }

    @Override
    public boolean wantsStateChanges() {
        for (Tracer t : tracers) {
            if (t.wantsStateChanges()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onTxEnd(int index, TxResult result) {
        for (Tracer t : tracers) {
            t.onTxEnd(index, result);
        }
    }
}
