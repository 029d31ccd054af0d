package io.cqt.refiner.evm.block;

import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.state.AccountChange;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.trace.Tracers;
import io.cqt.refiner.trie.StateRoot;
import io.cqt.refiner.evm.tx.AuthorityRecovery;
import io.cqt.refiner.evm.tx.TransactionProcessor;
import io.cqt.refiner.evm.tx.TransactionProcessor.Validation;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Re-executes a specimen block through {@link BlockProcessor} over the specimen's reads, every transaction from its
 * given sender. Account checks are off and request system calls unchecked, as in the reference evm-server (senders
 * are given, the pre-state is partial). Stateless between calls: thread-safe.
 */
public final class BlockExecutor {
    private static final long CHAIN_ID = 1;

    private final Function<Fork, PrecompileSet> precompiles;
    private final AuthorityRecovery recovery;

    private final boolean reconstruct;
    private final CodeCache codeCache;
    // Null, or each replica's built world by identity of its state reads: see reusingWorlds().
    private final Map<StateReads, SpecimenWorld> builtWorlds;

    public BlockExecutor(Function<Fork, PrecompileSet> precompiles, AuthorityRecovery recovery) {
        this(precompiles, recovery, true);
    }

    /** With its own code cache (see {@link #BlockExecutor(Function, AuthorityRecovery, boolean, CodeCache)}). */
    public BlockExecutor(Function<Fork, PrecompileSet> precompiles, AuthorityRecovery recovery, boolean reconstruct) {
        this(precompiles, recovery, reconstruct, CodeCache.withDefaultBound());
    }

    /**
     * @param reconstruct true repairs the known losses 1 and 2 (specimen-format.md) to reach mainnet's result; false
     *                    executes as the reference evm-server does, for byte-compatible results: lost code empty,
     *                    lost blob fields absent, storage rows of accounts the specimen did not read ignored, and
     *                    {@link Validation#REFERENCE}'s rejections
     * @param codeCache code checked against its hash and analysed, shared across blocks (and executors, it is
     *                  thread-safe): a contract seen before is neither hashed nor analysed again
     */
    public BlockExecutor(Function<Fork, PrecompileSet> precompiles, AuthorityRecovery recovery, boolean reconstruct,
                         CodeCache codeCache) {
        this(precompiles, recovery, reconstruct, codeCache, null);
    }

    private BlockExecutor(Function<Fork, PrecompileSet> precompiles, AuthorityRecovery recovery, boolean reconstruct,
                          CodeCache codeCache, Map<StateReads, SpecimenWorld> builtWorlds) {
        this.precompiles = precompiles;
        this.recovery = recovery;
        this.reconstruct = reconstruct;
        this.codeCache = codeCache;
        this.builtWorlds = builtWorlds;
    }

    /**
     * This executor, keeping the world it builds from each replica's own state reads (not from reads a repair
     * changed) for the next execution of the same replica: for running the same blocks again and again, as
     * {@code bench} does, whose native peer loads its state before timing too. Holds every such world until dropped.
     */
    public BlockExecutor reusingWorlds() {
        return new BlockExecutor(precompiles, recovery, reconstruct, codeCache,
                Collections.synchronizedMap(new IdentityHashMap<>()));
    }

    /**
     * @throws SpecimenException when the specimen cannot be executed at all (missing header fields, a sender count
     *                           that does not match, code that does not match its hash)
     */
    public BlockExecution execute(BlockReplica replica) {
        return execute(replica, null);
    }

    /**
     * As {@link #execute(BlockReplica)}, with {@code tracer} (null for none) told of every transaction's execution;
     * when a repaired loss runs the block again, the tracer starts over ({@link Tracer#onBlockStart()}) and what it
     * holds in the end is the returned execution's.
     */
    public BlockExecution execute(BlockReplica replica, Tracer tracer) {
        Header header = replica.header();
        Fork fork;
        try {
            fork = Fork.of(header.number(), header.timestamp());
        } catch (IllegalArgumentException e) {
            throw new SpecimenException(e.getMessage());
        }
        if (replica.senders().size() != replica.transactions().size()) {
            throw new SpecimenException("block " + header.number() + " has " + replica.transactions().size()
                    + " transactions but " + replica.senders().size() + " senders");
        }
        if (header.baseFeePerGas() == null) {
            throw new SpecimenException("block " + header.number() + " has no baseFeePerGas (London and later need it)");
        }
        PrecompileSet set = precompiles.apply(fork);
        if (!reconstruct) {
            return run(replica, replica.state(), fork, replica.transactions(), set, List.of(), List.of(), tracer);
        }
        // Known loss 2, repaired beside the run (BlobHashRepair): the first run watches what it needs.
        BlobHashRepair blobs = BlobHashRepair.of(replica,
                () -> BlockProcessor.blockContext(replica.header(), fork, ForkSpec.of(fork), CHAIN_ID).blobBaseFee());
        List<Transaction> txs;
        List<String> losses;
        BlockExecution execution;
        if (blobs == null) {
            txs = replica.transactions();
            losses = List.of();
            execution = run(replica, replica.state(), fork, txs, set, losses, List.of(), tracer);
        } else {
            execution = run(replica, replica.state(), fork, blobs.placeholders(), blobs.watching(set), List.of(),
                    List.of(), Tracers.of(tracer == null ? List.of(blobs) : List.of(blobs, tracer)));
            losses = blobs.losses();
            List<Transaction> reconstructed = blobs.reconstructed();
            if (reconstructed == null) {
                txs = blobs.placeholders();
                execution = execution.withLossesFirst(losses);
            } else {
                txs = reconstructed;
                execution = run(replica, replica.state(), fork, txs, set, losses, List.of(), tracer);
            }
        }
        // Known loss 3, repaired beside the run: a float-written balance a few wei short is raised, and the block run
        // again over the raised reads.
        List<Transaction> finalTxs = txs;
        return FloatBalanceRepair.repair(execution,
                (reads, moreLosses, raised) -> run(replica, reads, fork, finalTxs, set, concat(losses, moreLosses),
                        raised, tracer));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /**
     * @param reads      the pre-state: the replica's, or with a float-written balance raised
     * @param raised     the accounts whose balance {@code reads} raised (known loss 3)
     */
    private BlockExecution run(BlockReplica replica, StateReads reads, Fork fork, List<Transaction> txs,
                               PrecompileSet set, List<String> lossesSoFar, List<Address> raised, Tracer tracer) {
        Header header = replica.header();
        ForkSpec spec = ForkSpec.of(fork);
        List<String> losses = new ArrayList<>(lossesSoFar);
        SpecimenWorld world = world(replica, reads);
        JournaledState state = new JournaledState(world, codeCache);
        BlockContext block = BlockProcessor.blockContext(header, fork, spec, CHAIN_ID);

        TransactionProcessor processor = new TransactionProcessor(spec, set, recovery,
                reconstruct ? Validation.SPECIMEN : Validation.REFERENCE, tracer);
        BlockProcessor.Result processed = new BlockProcessor(spec, processor, false, tracer).process(state, block,
                header, txs, replica.senders(), replica.withdrawals(), replica.uncles(), losses);
        if (!world.reconstructedCode().isEmpty()) {
            losses.add("code read only for its size is missing for " + world.reconstructedCode()
                    + ": size reconstructed as non-zero, hash exact");
        }
        List<Address> reconstructed = world.reconstructedCode();
        List<String> missing = world.missingReads();
        // listed only when asked for: the state is not touched again once the block has run
        Once<List<AccountChange>> changes = Once.of(() -> List.copyOf(state.changes()));
        return new BlockExecution(replica, fork, txs, processed.receipts(), processed.rejected(),
                processed.gasUsed(), processed.requests(), losses, processed.lossyFrom(), missing, reconstructed,
                raised, processed.shortfalls(), changes, Once.of(() -> partialStateRoot(world, changes.get())));
    }

    private SpecimenWorld world(BlockReplica replica, StateReads reads) {
        if (builtWorlds == null || reads != replica.state()) {
            return new SpecimenWorld(reads, replica.header(), reconstruct, codeCache);
        }
        SpecimenWorld built = builtWorlds.get(reads);
        if (built == null) {
            built = new SpecimenWorld(reads, replica.header(), reconstruct, codeCache);
            builtWorlds.put(reads, built);
        }
        return built.again();
    }

    /** The reference's {@code Hash}: see {@link BlockExecution#partialStateRoot()}. */
    private static Hash partialStateRoot(SpecimenWorld world, List<AccountChange> changes) {
        Set<Address> changed = new HashSet<>();
        for (AccountChange ch : changes) {
            changed.add(ch.address());
        }
        Map<Address, StateRoot.Account> accounts = new HashMap<>();
        world.accounts().forEach((address, a) -> {
            if (!changed.contains(address)) {
                Hash code = world.hasCode(a.codeHash()) ? a.codeHash() : Keccak256.EMPTY;
                Hash storage = StateRoot.storageRoot(world.storageOf(address), Map.of(), false);
                accounts.put(address, new StateRoot.Account(a.nonce(), a.balance(), storage, code));
            }
        });
        for (AccountChange ch : changes) {
            if (!ch.exists()) {
                accounts.remove(ch.address());
                continue;
            }
            Hash code = world.hasCode(ch.codeHash()) || Keccak256.of(ch.code()).equals(ch.codeHash())
                    ? ch.codeHash() : Keccak256.EMPTY;
            Hash storage = StateRoot.storageRoot(world.storageOf(ch.address()), ch.storage(), ch.storageCleared());
            accounts.put(ch.address(), new StateRoot.Account(ch.nonce(), ch.balance(), storage, code));
        }
        return StateRoot.stateRoot(accounts);
    }
}
