package io.cqt.refiner.evm.block;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.state.AccountChange;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A block's re-execution: the receipts of the included transactions and what the specimen could not supply.
 *
 * @param transactions    the transactions as executed (reconstructed fields filled in), index-aligned with the block's
 * @param receipts        one per included transaction, in block order
 * @param rejected        transaction index → why it failed its pre-checks (no receipt; the reference drops it too)
 * @param gasUsed         the block's gas (system calls excluded)
 * @param requests        the EIP-7685 request lists by type (Prague: deposits 0, withdrawals 1, consolidations 2)
 * @param losses          every known loss detected, reconstructed or not, in words
 * @param lossyFrom       the first transaction whose receipt cannot be trusted because of an unrecoverable loss, or -1
 * @param missingReads    reads the specimen could not answer
 * @param reconstructedCode accounts whose lost code got a non-zero size (known loss 1)
 * @param reconstructedBalances accounts whose float-written balance was raised within its precision (known loss 3)
 * @param shortfalls      transaction index → wei its sender lacked, for each rejection on funds
 * @param postStateOnce   every account the block loaded or changed, as it left them, listed the first time it is
 *                        asked for (only the partial state root needs it): see {@link #postState()}
 * @param partialStateRoot the reference's {@code Hash}, computed the first time it is asked for (only the compat
 *                        bytes need it): see {@link #partialStateRoot()}
 */
public record BlockExecution(BlockReplica replica, Fork fork, List<Transaction> transactions,
                             List<ExecutedReceipt> receipts, Map<Integer, String> rejected, long gasUsed,
                             List<byte[]> requests, List<String> losses, int lossyFrom, List<String> missingReads,
                             List<Address> reconstructedCode, List<Address> reconstructedBalances,
                             Map<Integer, UInt256> shortfalls, Supplier<List<AccountChange>> postStateOnce,
                             Supplier<io.cqt.refiner.types.Hash> partialStateRootOnce) {
    public BlockExecution {
        transactions = List.copyOf(transactions);
        receipts = List.copyOf(receipts);
        rejected = Map.copyOf(rejected);
        requests = List.copyOf(requests);
        losses = List.copyOf(losses);
        missingReads = List.copyOf(missingReads);
        reconstructedCode = List.copyOf(reconstructedCode);
        reconstructedBalances = List.copyOf(reconstructedBalances);
        shortfalls = Map.copyOf(shortfalls);
    }

    /** Every account the block loaded or changed, as it left them. */
    public List<AccountChange> postState() {
        return postStateOnce.get();
    }

    /**
     * The state root of the partial post-state as the reference evm-server computes it: the specimen's accounts and
     * every account the block touched, storage tries of the known non-zero slots, {@code keccak("")} as the code hash
     * of accounts whose code the specimen lacks.
     */
    public io.cqt.refiner.types.Hash partialStateRoot() {
        return partialStateRootOnce.get();
    }

    /**
     * Whether this execution repaired a loss (code given a size, blob fields filled in, a float-written balance
     * raised), so that executing as the reference does would give another result; a loss nothing can repair (a lost
     * authorization list) is not one.
     */
    public boolean repaired() {
        if (!reconstructedCode.isEmpty() || !reconstructedBalances.isEmpty()) {
            return true;
        }
        List<Transaction> original = replica.transactions();
        for (int i = 0; i < transactions.size(); i++) {
            if (transactions.get(i) != original.get(i)) {
                return true;
            }
        }
        return false;
    }

    /** This execution with {@code more} losses named after its own. */
    BlockExecution withLosses(List<String> more) {
        return withLosses(List.of(), more);
    }

    /** This execution with {@code first} named before its own losses. */
    BlockExecution withLossesFirst(List<String> first) {
        return withLosses(first, List.of());
    }

    private BlockExecution withLosses(List<String> first, List<String> more) {
        if (first.isEmpty() && more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(losses);
        all.addAll(more);
        return new BlockExecution(replica, fork, transactions, receipts, rejected, gasUsed, requests, all, lossyFrom,
                missingReads, reconstructedCode, reconstructedBalances, shortfalls, postStateOnce, partialStateRootOnce);
    }

    /** The losses in one line, or null when the specimen held everything the execution needed. */
    public String lossSummary() {
        return losses.isEmpty() ? null : String.join("; ", losses);
    }
}
