package io.cqt.refiner.evm.block;

import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Known loss 3 (specimen-format.md): some JSON files wrote balances as doubles, so a balance read from one can be up
 * to the double's ulp short of the real one, and a transaction the block included then fails its funds check. When
 * its sender's balance was written so and the shortfall is within that precision, the input is at fault: the
 * balance is raised by the shortfall (the least the real one can have been) and the block run again, the loss named.
 * A larger shortfall, or one of a balance written exactly, stays a rejection. Kept beside the executor, as the other
 * repairs, so that the transaction processor's funds check stays the client's.
 */
final class FloatBalanceRepair {

    /** A run of the block over the given reads, with these losses added and these accounts marked raised. */
    @FunctionalInterface
    interface Rerun {
        BlockExecution run(StateReads reads, List<String> losses, List<Address> raised);
    }

    private FloatBalanceRepair() {
    }

    /** {@code first}, or a run with every repairable shortfall raised away, one transaction at a time. */
    static BlockExecution repair(BlockExecution first, Rerun rerun) {
        StateReads original = first.replica().state();
        Map<Address, StateReads.AccountRead> lossy = new HashMap<>();
        for (StateReads.AccountRead a : original.accountReads()) {
            if (a.balanceFloatLossy()) {
                lossy.put(a.address(), a);
            }
        }
        if (lossy.isEmpty() || first.shortfalls().isEmpty()) {
            return first;
        }
        Map<Address, BigInteger> raisedBy = new HashMap<>();
        List<String> losses = new ArrayList<>();
        LinkedHashSet<Address> raised = new LinkedHashSet<>();
        BlockExecution execution = first;
        // Each round makes the first repairable transaction pass its funds check; later ones may depend on it.
        for (int round = 0; round < first.transactions().size(); round++) {
            Raise next = firstRepairable(execution, lossy, raisedBy);
            if (next == null) {
                break;
            }
            StateReads.AccountRead read = lossy.get(next.account());
            raisedBy.merge(next.account(), next.by(), BigInteger::add);
            raised.add(next.account());
            losses.add("balance of " + next.account() + " was written as a float, exact only to "
                    + read.balancePrecision().toBigInteger() + " wei (known loss 3): " + next.by()
                    + " wei short of tx " + next.transaction() + "'s maximum cost, raised by that much");
            execution = rerun.run(withRaised(original, raisedBy), losses, List.copyOf(raised));
        }
        return execution.withLosses(beyondPrecision(execution, lossy, raisedBy));
    }

    /**
     * The rejections left whose sender's balance was written as a float, in words: the shortfall is beyond its
     * precision, so the rejection stands, but the reader should know the input was inexact.
     */
    private static List<String> beyondPrecision(BlockExecution execution, Map<Address, StateReads.AccountRead> lossy,
                                                Map<Address, BigInteger> raisedBy) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, UInt256> e : new java.util.TreeMap<>(execution.shortfalls()).entrySet()) {
            Address sender = execution.replica().senders().get(e.getKey());
            StateReads.AccountRead read = lossy.get(sender);
            if (read != null) {
                BigInteger left = read.balancePrecision().toBigInteger()
                        .subtract(raisedBy.getOrDefault(sender, BigInteger.ZERO));
                out.add("balance of " + sender + " was written as a float, exact only to "
                        + read.balancePrecision().toBigInteger() + " wei (known loss 3): " + e.getValue().toBigInteger()
                        + " wei short of tx " + e.getKey() + "'s maximum cost, beyond the " + left
                        + " wei that precision allows: rejected");
            }
        }
        return out;
    }

    private record Raise(int transaction, Address account, BigInteger by) {
    }

    /** The first funds rejection whose sender's float-written balance can make up the shortfall, or null. */
    private static Raise firstRepairable(BlockExecution execution, Map<Address, StateReads.AccountRead> lossy,
                                         Map<Address, BigInteger> raisedBy) {
        Map<Integer, UInt256> shortfalls = new java.util.TreeMap<>(execution.shortfalls());
        for (Map.Entry<Integer, UInt256> e : shortfalls.entrySet()) {
            Address sender = execution.replica().senders().get(e.getKey());
            StateReads.AccountRead read = lossy.get(sender);
            if (read == null) {
                continue;
            }
            BigInteger total = raisedBy.getOrDefault(sender, BigInteger.ZERO).add(e.getValue().toBigInteger());
            if (total.compareTo(read.balancePrecision().toBigInteger()) <= 0) {
                return new Raise(e.getKey(), sender, e.getValue().toBigInteger());
            }
        }
        return null;
    }

    private static StateReads withRaised(StateReads reads, Map<Address, BigInteger> raisedBy) {
        List<StateReads.AccountRead> accounts = new ArrayList<>(reads.accountReads().size());
        for (StateReads.AccountRead a : reads.accountReads()) {
            BigInteger by = raisedBy.get(a.address());
            accounts.add(by == null ? a : new StateReads.AccountRead(a.address(), a.nonce(),
                    UInt256.of(a.balance().toBigInteger().add(by)), a.codeHash(), a.balancePrecision()));
        }
        return new StateReads(accounts, reads.storageReads(), reads.codeReads(), reads.blockhashReads());
    }
}
