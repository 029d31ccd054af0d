package io.cqt.refiner.trace;

import io.cqt.refiner.block.TransactionEncoding;
import io.cqt.refiner.evm.block.BlockExecution;
import io.cqt.refiner.evm.block.Verification;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A traced block's execution, checked against its header, and what that says about each transaction: its hash, and
 * why its trace may differ from mainnet's (a known specimen loss reaching it, or a receipt the header does not
 * confirm). The rule outputs mark such a transaction {@code "lossy": true} rather than pass it as exact.
 */
public final class TracedBlock {
    private final BlockExecution execution;
    private final Verification verification;
    private final List<Hash> hashes = new ArrayList<>();
    private final List<List<String>> txLosses = new ArrayList<>();
    private final Set<Address> lostCode;
    private final Set<Address> impreciseBalances = new HashSet<>();

    public TracedBlock(BlockExecution execution, Verification verification) {
        this.execution = execution;
        this.verification = verification;
        this.lostCode = Set.copyOf(execution.reconstructedCode());
        BlockReplica replica = execution.replica();
        for (StateReads.AccountRead a : replica.state().accountReads()) {
            if (a.balanceFloatLossy()) {
                impreciseBalances.add(a.address());
            }
        }
        impreciseBalances.addAll(execution.reconstructedBalances());
        TransactionEncoding encoding = new TransactionEncoding();
        List<Transaction> txs = replica.transactions();
        for (int i = 0; i < txs.size(); i++) {
            TransactionEncoding.Encoded e = encoding.encode(txs.get(i));
            hashes.add(e.hash());
            List<String> why = new ArrayList<>();
            if (e.loss() != null) {
                why.add("transaction fields lost (" + e.loss() + ")");
            }
            if (execution.lossyFrom() >= 0 && i >= execution.lossyFrom()) {
                why.add("runs after tx " + execution.lossyFrom() + "'s lost authorization list");
            }
            String rejected = execution.rejected().get(i);
            if (rejected != null) {
                why.add("rejected by the re-execution: " + rejected);
            } else if (i >= verification.exactThrough()) {
                why.add("receipt not confirmed by the header (" + (verification.firstMismatch() == null ? "unverified"
                        : verification.firstMismatch()) + ")");
            }
            txLosses.add(why);
        }
    }

    public BlockExecution execution() {
        return execution;
    }

    public Verification verification() {
        return verification;
    }

    public int transactionCount() {
        return hashes.size();
    }

    /** The transaction's hash; not mainnet's when the specimen lost a field it covers (then the tx is lossy). */
    public Hash hash(int index) {
        return hashes.get(index);
    }

    /** Why transaction {@code index} may not be traced exactly, whatever the tracer; empty when nothing reaches it. */
    public List<String> losses(int index) {
        return txLosses.get(index);
    }

    /** Why the transaction rejected instead of running, or null. */
    public String rejection(int index) {
        return execution.rejected().get(index);
    }

    /** Losses that reach a trace naming these accounts: code the specimen lost, balances written as floats. */
    public List<String> accountLosses(Collection<Address> named) {
        List<String> why = new ArrayList<>();
        for (Address a : named) {
            if (lostCode.contains(a)) {
                why.add("code of " + a + " lost (only its size is known)");
            }
        }
        for (Address a : named) {
            if (impreciseBalances.contains(a)) {
                why.add("balance of " + a + " written as a float");
            }
        }
        return why;
    }
}
