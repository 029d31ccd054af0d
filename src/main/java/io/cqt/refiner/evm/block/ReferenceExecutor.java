package io.cqt.refiner.evm.block;

import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.precompile.MainnetPrecompiles;
import io.cqt.refiner.result.BlockResult;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.CompatResultWriter;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a specimen as one reference evm-server release does and writes what that release would: its decoding of the
 * transactions (a step before the executor), the executor in reference mode (no loss repaired, the reference's
 * rejections), then the release's own checks on the outcome. Thread-safe.
 */
public final class ReferenceExecutor {
    private static final long BLOB_GAS_PER_BLOB = 131_072L;

    private final CompatProfile profile;
    private final BlockExecutor executor;
    private final CompatResultWriter writer;

    /** With its own code cache. */
    public ReferenceExecutor(CompatProfile profile) {
        this(profile, CodeCache.withDefaultBound());
    }

    /** @param codeCache checked and analysed code, shared with the executors that run the same blocks */
    public ReferenceExecutor(CompatProfile profile, CodeCache codeCache) {
        this.profile = profile;
        this.executor = new BlockExecutor(MainnetPrecompiles::forFork, auth -> null, false, codeCache);
        this.writer = new CompatResultWriter(profile);
    }

    public CompatProfile profile() {
        return profile;
    }

    /**
     * @throws ReferenceFailure when the release cannot process the block (a panic or an error it returns)
     * @throws io.cqt.refiner.specimen.SpecimenException when the specimen cannot be executed at all
     */
    public BlockExecution execute(BlockReplica replica) {
        return checked(executor.execute(asReleaseDecodes(replica)));
    }

    /**
     * As {@link #execute(BlockReplica)}, reusing {@code canonical} (the replica's execution with losses repaired)
     * when the reference's run would be the same: nothing repaired, nothing rejected, no storage of unread accounts
     * and no transaction the release decodes differently.
     */
    public BlockExecution execute(BlockReplica replica, BlockExecution canonical) {
        BlockReplica decoded = asReleaseDecodes(replica);
        boolean same = decoded == replica && !canonical.repaired() && canonical.rejected().isEmpty()
                && !hasStorageOfUnreadAccounts(replica.state());
        return checked(same ? canonical : executor.execute(decoded));
    }

    /** The result the release writes for a run of {@link #execute}. */
    public BlockResult result(BlockExecution execution) {
        return CompatResults.of(execution, profile);
    }

    /** The release's bytes for a run of {@link #execute}. */
    public byte[] bytes(BlockExecution execution) {
        return writer.toBytes(result(execution));
    }

    /** The release's bytes for the replica. */
    public byte[] bytes(BlockReplica replica) {
        return bytes(execute(replica));
    }

    /** The replica as the release decodes it: the same instance when it decodes every transaction as given. */
    BlockReplica asReleaseDecodes(BlockReplica replica) {
        List<Transaction> txs = replica.transactions();
        List<Transaction> decoded = null;
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (tx.type() != Transaction.BLOB) {
                continue;
            }
            if (profile.needsBlobFeeCap() && tx.blobFeeCap() == null) {
                throw ReferenceFailure.panic("transaction " + i + " (type 3) has no blob fee cap (codec 0.36 drops "
                        + "it); " + profile.name() + " reads it and panics (runtime error: invalid memory address or "
                        + "nil pointer dereference)");
            }
            if (profile.blobTransactions() == CompatProfile.BlobTransactions.AS_DYNAMIC_FEE) {
                if (decoded == null) {
                    decoded = new ArrayList<>(txs);
                }
                decoded.set(i, asDynamicFee(tx));
            }
        }
        if (decoded == null) {
            return replica;
        }
        return new BlockReplica(replica.type(), replica.networkId(), replica.hash(), replica.totalDifficulty(),
                replica.header(), decoded, replica.uncles(), replica.receipts(), replica.senders(), replica.state(),
                replica.withdrawals(), replica.blobTxSidecars());
    }

    /** A type-3 transaction as a release without type 3 decodes it: type 2, no blob fields, a zero signature. */
    private static Transaction asDynamicFee(Transaction t) {
        UInt256 zero = UInt256.ZERO;
        return new Transaction(Transaction.DYNAMIC_FEE, t.accessList(), t.chainId(), t.nonce(), t.gasPrice(),
                t.gasTipCap(), t.gasFeeCap(), t.gas(), t.from(), t.to(), t.value(), t.input(), zero, zero, zero,
                null, null, null, t.data(), null);
    }

    /** The release's checks on a finished run. */
    private BlockExecution checked(BlockExecution execution) {
        Header header = execution.replica().header();
        if (profile.checksBlobGas() && header.blobGasUsed() != null) {
            long used = 0;
            for (ExecutedReceipt r : execution.receipts()) {
                List<Hash> hashes = execution.transactions().get(r.transactionIndex())
                        .blobHashes();
                used += hashes == null ? 0 : hashes.size() * BLOB_GAS_PER_BLOB;
            }
            if (used != header.blobGasUsed()) {
                throw ReferenceFailure.error("error on EBE: blob gas used by execution: " + used + ", in header: "
                        + header.blobGasUsed());
            }
        }
        return execution;
    }

    private static boolean hasStorageOfUnreadAccounts(StateReads reads) {
        if (reads.storageReads().isEmpty()) {
            return false;
        }
        Set<Address> read = new HashSet<>();
        for (StateReads.AccountRead a : reads.accountReads()) {
            read.add(a.address());
        }
        for (StateReads.StorageRead s : reads.storageReads()) {
            if (!read.contains(s.account())) {
                return true;
            }
        }
        return false;
    }
}
