package io.cqt.refiner.trace;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.trace.AccountDiff;
import io.cqt.refiner.evm.trace.AccountSnapshot;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * geth's {@code prestateTracer} in {@code diffMode} (go-ethereum docs, "Built-in tracers"): per transaction,
 * {@code pre} holds each account it changed as it was before (balance; nonce and code when not zero or empty; the
 * changed slots that were not zero) and {@code post} only what changed (a slot set to zero is left out). An account
 * the transaction deleted is in {@code pre} only; one it created that was empty before is in {@code post} only; one
 * that did not exist and now holds only a balance shows {@code "pre": {"balance": "0x0"}}. Accounts and slots are in
 * ascending order, as geth's JSON maps are. One instance per execution; not thread-safe.
 */
public final class StateDiffTracer implements Tracer {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<Integer, ObjectNode> results = new TreeMap<>();
    private final Map<Integer, List<Address>> accounts = new TreeMap<>();
    private final Map<Integer, List<String>> unknownCode = new TreeMap<>();
    private int index = -1;
    private ObjectNode current;
    private List<Address> currentAccounts;
    private List<String> currentUnknown;

    @Override
    public void onBlockStart() {
        results.clear();
        accounts.clear();
        unknownCode.clear();
        index = -1;
    }

    @Override
    public void onTxStart(int index, Transaction tx, Address sender) {
        this.index = index;
        current = null;
    }

    @Override
    public boolean wantsStateChanges() {
        return true;
    }

    @Override
    public void onStateChanges(List<AccountDiff> changes) {
        if (index < 0) {
            return; // a system call or the block's rewards, not a transaction
        }
        Map<String, ObjectNode> pre = new TreeMap<>();
        Map<String, ObjectNode> post = new TreeMap<>();
        currentAccounts = new ArrayList<>();
        currentUnknown = new ArrayList<>();
        for (AccountDiff d : changes) {
            add(d, pre, post);
        }
        current = JSON.objectNode();
        pre.forEach(current.putObject("pre")::set);
        post.forEach(current.putObject("post")::set);
    }

    @Override
    public void onTxEnd(int index, TxResult result) {
        if (!result.rejected() && current != null) {
            results.put(index, current);
            accounts.put(index, currentAccounts);
            if (!currentUnknown.isEmpty()) {
                unknownCode.put(index, currentUnknown);
            }
        }
        current = null;
        this.index = -1;
    }

    /** Each traced transaction's {@code result}, by index. */
    public Map<Integer, ObjectNode> results() {
        return results;
    }

    /** The accounts each traced transaction's diff shows, by index. */
    public Map<Integer, List<Address>> accounts() {
        return accounts;
    }

    /** Per index, why a code the diff shows is not the account's (the specimen does not hold it). */
    public Map<Integer, List<String>> unknownCode() {
        return unknownCode;
    }

    private void add(AccountDiff d, Map<String, ObjectNode> pre, Map<String, ObjectNode> post) {
        AccountSnapshot a = d.pre();
        AccountSnapshot b = d.post();
        if (!a.exists() && !b.exists()) {
            return; // created and destroyed within the transaction, or touched while missing
        }
        String key = d.address().toString();
        Map<UInt256, UInt256> changedPre = new TreeMap<>();
        Map<UInt256, UInt256> changedPost = new TreeMap<>();
        d.preSlots().forEach((slot, before) -> {
            UInt256 after = d.postSlots().get(slot);
            if (!before.equals(after)) {
                changedPre.put(slot, before);
                changedPost.put(slot, after);
            }
        });
        if (!b.exists()) {
            // Deleted: what it was, nothing after.
            pre.put(key, account(d.address(), a, changedPre));
            currentAccounts.add(d.address());
            return;
        }
        boolean balance = !a.balance().equals(b.balance());
        boolean nonce = a.nonce() != b.nonce();
        boolean code = !a.codeHash().equals(b.codeHash());
        if (!balance && !nonce && !code && changedPre.isEmpty() && a.exists()) {
            return; // touched, not changed
        }
        currentAccounts.add(d.address());
        ObjectNode before = account(d.address(), a, changedPre);
        boolean emptyBefore = a.nonce() == 0 && a.balance().isZero() && Keccak256.EMPTY.equals(a.codeHash())
                && changedPre.values().stream().allMatch(UInt256::isZero);
        if (!(d.created() && emptyBefore)) {
            pre.put(key, before);
        }
        ObjectNode after = JSON.objectNode();
        if (balance) {
            after.put("balance", b.balance().toHexQuantity());
        }
        if (code) {
            putCode(after, d.address(), b);
        }
        if (nonce) {
            after.put("nonce", b.nonce());
        }
        putStorage(after, changedPost);
        post.put(key, after);
    }

    /** An account as {@code pre} shows it: balance always, the rest when not zero or empty. */
    private ObjectNode account(Address address, AccountSnapshot s, Map<UInt256, UInt256> slots) {
        ObjectNode o = JSON.objectNode();
        o.put("balance", s.balance().toHexQuantity());
        putCode(o, address, s);
        if (s.nonce() != 0) {
            o.put("nonce", s.nonce());
        }
        putStorage(o, slots);
        return o;
    }

    private void putCode(ObjectNode o, Address address, AccountSnapshot s) {
        if (s.code() == null) {
            currentUnknown.add("code of " + address + " (hash " + s.codeHash() + ") not in the specimen: left out");
            return;
        }
        if (s.code().length > 0) {
            o.put("code", Hex.encode(s.code()));
        }
    }

    private static void putStorage(ObjectNode o, Map<UInt256, UInt256> slots) {
        ObjectNode storage = null;
        for (Map.Entry<UInt256, UInt256> e : slots.entrySet()) {
            if (e.getValue().isZero()) {
                continue;
            }
            if (storage == null) {
                storage = o.putObject("storage");
            }
            storage.put(Hex.encode(e.getKey().toBytes32()), Hex.encode(e.getValue().toBytes32()));
        }
    }
}
