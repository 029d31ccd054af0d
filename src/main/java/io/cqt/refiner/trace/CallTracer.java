package io.cqt.refiner.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.evm.code.Opcodes;
import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * geth's {@code callTracer} with {@code withLog: true} (go-ethereum docs, "Built-in tracers"): per transaction a tree
 * of frames, each {@code type, from, gas, gasUsed, to, input, output, error, revertReason, calls, logs, value}. The
 * top frame's {@code gas} is the transaction's gas limit and its {@code gasUsed} the receipt's; a failed frame's logs
 * (and its children's) are dropped; a failed creation has no {@code to}; STATICCALL carries no {@code value}. One
 * instance per execution; not thread-safe.
 */
public final class CallTracer implements Tracer {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<Integer, ObjectNode> results = new TreeMap<>();
    private final Map<Integer, Set<Address>> touched = new TreeMap<>();
    private final List<Frame> stack = new ArrayList<>();
    private Frame root;
    private Set<Address> txAddresses;
    private long gasLimit;
    private int blockLogs;

    /** A frame while its transaction runs. */
    private static final class Frame {
        final int kind;
        final Address from;
        Address to;
        final byte[] input;
        final long gas;
        final UInt256 value;
        long gasUsed;
        byte[] output;
        String error;
        String revertReason;
        final List<Frame> calls = new ArrayList<>();
        final List<ObjectNode> logs = new ArrayList<>();

        Frame(int kind, Address from, Address to, byte[] input, long gas, UInt256 value) {
            this.kind = kind;
            this.from = from;
            this.to = to;
            this.input = input;
            this.gas = gas;
            this.value = value;
        }
    }

    @Override
    public void onBlockStart() {
        results.clear();
        touched.clear();
        stack.clear();
        blockLogs = 0;
    }

    @Override
    public void onTxStart(int index, Transaction tx, Address sender) {
        stack.clear();
        root = null;
        gasLimit = tx.gas();
        txAddresses = new HashSet<>();
    }

    @Override
    public void onEnter(int depth, int kind, Address from, Address to, byte[] input, long gas, UInt256 value) {
        Frame f = new Frame(kind, from, to, input, gas, value);
        txAddresses.add(from);
        txAddresses.add(to);
        if (stack.isEmpty()) {
            root = f;
        } else {
            stack.get(stack.size() - 1).calls.add(f);
        }
        stack.add(f);
    }

    @Override
    public void onExit(int depth, byte[] output, long gasUsed, String error) {
        Frame f = stack.remove(stack.size() - 1);
        f.gasUsed = gasUsed;
        if (error == null) {
            f.output = output;
            return;
        }
        f.error = error;
        if (f.kind == Opcodes.CREATE || f.kind == Opcodes.CREATE2) {
            f.to = null;
        }
        if ("execution reverted".equals(error) && output.length > 0) {
            f.output = output;
            f.revertReason = RevertReason.of(output);
        }
    }

    @Override
    public void onLog(Log log, int indexInTx) {
        Frame f = stack.get(stack.size() - 1);
        ObjectNode o = JSON.objectNode();
        o.put("address", log.address().toString());
        ArrayNode topics = o.putArray("topics");
        for (Hash t : log.topics()) {
            topics.add(t.toString());
        }
        o.put("data", Hex.encode(log.data()));
        o.put("position", quantity(f.calls.size()));
        o.put("index", quantity(blockLogs + indexInTx));
        f.logs.add(o);
    }

    @Override
    public void onTxEnd(int index, TxResult result) {
        if (result.rejected() || root == null) {
            return; // the envelope names the rejection; nothing ran
        }
        root.gasUsed = result.gasUsed(); // the receipt's: refunds and the EIP-7623 floor included
        results.put(index, json(root, gasLimit, false));
        touched.put(index, txAddresses);
        blockLogs += result.logs().size();
        root = null;
    }

    /** Each traced transaction's {@code result}, by index. */
    public Map<Integer, ObjectNode> results() {
        return results;
    }

    /** The accounts each traced transaction's frames name (from or to), by index. */
    public Map<Integer, Set<Address>> addresses() {
        return touched;
    }

    private static ObjectNode json(Frame f, long gas, boolean parentFailed) {
        boolean failed = parentFailed || f.error != null;
        ObjectNode o = JSON.objectNode();
        o.put("type", Opcodes.name(f.kind));
        o.put("from", f.from.toString());
        o.put("gas", quantity(gas));
        o.put("gasUsed", quantity(f.gasUsed));
        if (f.to != null) {
            o.put("to", f.to.toString());
        }
        o.put("input", Hex.encode(f.input));
        if (f.output != null && f.output.length > 0) {
            o.put("output", Hex.encode(f.output));
        }
        if (f.error != null) {
            o.put("error", f.error);
        }
        if (f.revertReason != null) {
            o.put("revertReason", f.revertReason);
        }
        if (!f.calls.isEmpty()) {
            ArrayNode calls = o.putArray("calls");
            for (Frame c : f.calls) {
                calls.add(json(c, c.gas, failed));
            }
        }
        if (!failed && !f.logs.isEmpty()) {
            o.putArray("logs").addAll(f.logs);
        }
        if (f.kind != Opcodes.STATICCALL) {
            o.put("value", f.value.toHexQuantity());
        }
        return o;
    }

    static String quantity(long v) {
        return "0x" + Long.toHexString(v);
    }
}
