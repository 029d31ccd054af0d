package io.cqt.refiner.evm.block;

import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.precompile.Precompile;
import io.cqt.refiner.evm.precompile.PrecompileResult;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.state.AccountChange;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.trie.MerklePatriciaTrie;
import io.cqt.refiner.trie.StateRoot;
import io.cqt.refiner.evm.tx.AuthorityRecovery;
import io.cqt.refiner.evm.tx.TransactionProcessor;
import io.cqt.refiner.evm.tx.TransactionProcessor.Validation;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Re-executes a specimen block through {@link BlockProcessor} over the specimen's reads, every transaction from its
 * given sender. Account checks are off and request system calls unchecked, as in the reference evm-server (senders
 * are given, the pre-state is partial). Stateless between calls: thread-safe.
 */
public final class BlockExecutor {
    private static final long CHAIN_ID = 1;
    private static final long BLOB_GAS_PER_BLOB = 131_072L;
    private static final Address KZG_POINT_EVALUATION = PrecompileSet.address(0x0a);

    /** Default bound of the code cache, in its weight (about twice the code bytes held). */
    private static final long DEFAULT_CODE_CACHE_WEIGHT = 256L << 20;

    private final Function<Fork, PrecompileSet> precompiles;
    private final AuthorityRecovery recovery;

    private final boolean reconstruct;
    private final CodeCache codeCache;

    public BlockExecutor(Function<Fork, PrecompileSet> precompiles, AuthorityRecovery recovery) {
        this(precompiles, recovery, true);
    }

    /** With its own code cache (see {@link #BlockExecutor(Function, AuthorityRecovery, boolean, CodeCache)}). */
    public BlockExecutor(Function<Fork, PrecompileSet> precompiles, AuthorityRecovery recovery, boolean reconstruct) {
        this(precompiles, recovery, reconstruct, new CodeCache(DEFAULT_CODE_CACHE_WEIGHT));
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
        this.precompiles = precompiles;
        this.recovery = recovery;
        this.reconstruct = reconstruct;
        this.codeCache = codeCache;
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
        List<String> losses = new ArrayList<>();
        List<Transaction> txs = reconstruct ? reconstructBlobFields(replica, fork, losses) : replica.transactions();
        PrecompileSet set = precompiles.apply(fork);
        BlockExecution execution = run(replica, replica.state(), fork, txs, set, losses, List.of(), tracer);
        if (!reconstruct) {
            return execution;
        }
        // Known loss 3, repaired beside the run: a float-written balance a few wei short is raised, and the block run
        // again over the raised reads.
        return FloatBalanceRepair.repair(execution,
                (reads, moreLosses, raised) -> run(replica, reads, fork, txs, set, concat(losses, moreLosses), raised,
                        tracer));
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
        SpecimenWorld world = new SpecimenWorld(reads, header, reconstruct, codeCache);
        JournaledState state = new JournaledState(world, codeCache);
        BlockContext block = BlockProcessor.blockContext(header, fork, spec, CHAIN_ID);

        TransactionProcessor processor = new TransactionProcessor(spec, set, recovery,
                reconstruct ? Validation.SPECIMEN : Validation.REFERENCE, tracer);
        BlockProcessor.Result processed = new BlockProcessor(spec, set, processor, false, tracer).process(state, block,
                header, txs, replica.senders(), replica.withdrawals(), replica.uncles(), losses);
        if (!world.reconstructedCode().isEmpty()) {
            losses.add("code read only for its size is missing for " + world.reconstructedCode()
                    + ": size reconstructed as non-zero, hash exact");
        }
        List<Address> reconstructed = world.reconstructedCode();
        List<String> missing = world.missingReads();
        List<AccountChange> changes = state.changes();
        return new BlockExecution(replica, fork, txs, processed.receipts(), processed.rejected(),
                processed.gasUsed(), processed.requests(), losses, processed.lossyFrom(), missing, reconstructed,
                raised, processed.shortfalls(), changes, Once.of(() -> partialStateRoot(world, changes)));
    }

    /** The reference's {@code Hash}: see {@link BlockExecution#partialStateRoot()}. */
    private static Hash partialStateRoot(SpecimenWorld world, List<AccountChange> changes) {
        Map<Address, StateRoot.Account> accounts = new HashMap<>();
        Map<Address, Map<Hash, UInt256>> storage = new HashMap<>();
        world.accounts().forEach((address, a) -> {
            Hash code = world.hasCode(a.codeHash()) ? a.codeHash() : Keccak256.EMPTY;
            accounts.put(address, new StateRoot.Account(a.nonce(), a.balance(), MerklePatriciaTrie.EMPTY_ROOT, code));
            storage.put(address, hashedSlots(world.storageOf(address), Map.of(), false));
        });
        for (AccountChange ch : changes) {
            if (!ch.exists()) {
                accounts.remove(ch.address());
                storage.remove(ch.address());
                continue;
            }
            Hash code = world.hasCode(ch.codeHash()) || Keccak256.of(ch.code()).equals(ch.codeHash())
                    ? ch.codeHash() : Keccak256.EMPTY;
            accounts.put(ch.address(), new StateRoot.Account(ch.nonce(), ch.balance(), MerklePatriciaTrie.EMPTY_ROOT,
                    code));
            storage.put(ch.address(), hashedSlots(world.storageOf(ch.address()), ch.storage(), ch.storageCleared()));
        }
        return StateRoot.stateRoot(accounts, storage);
    }

    private static Map<Hash, UInt256> hashedSlots(Map<UInt256, UInt256> before, Map<UInt256, UInt256> written,
                                                  boolean cleared) {
        Map<UInt256, UInt256> slots = new HashMap<>(cleared ? Map.of() : before);
        slots.putAll(written);
        Map<Hash, UInt256> out = new HashMap<>();
        slots.forEach((slot, value) -> {
            if (!value.isZero()) {
                out.put(Hash.wrap(slot.toBytes32()), value);
            }
        });
        return out;
    }

    // ---------------------------------------------------------------- known loss 2: codec 0.36 blob fields

    /**
     * Codec 0.36 drops type-3 blob hashes and fee caps. The blob count comes from the header's blob gas; the hashes
     * from a probe run that watches what the block hands the point-evaluation precompile (a rollup verifying its
     * blobs passes each commitment, whose versioned hash is {@code 0x01 || sha256(commitment)[1:]}); the fee cap is
     * set to the blob base fee (it only bounds what the sender may pay).
     */
    private List<Transaction> reconstructBlobFields(BlockReplica replica, Fork fork, List<String> losses) {
        List<Transaction> txs = replica.transactions();
        List<Integer> lost = new ArrayList<>();
        long knownBlobs = 0;
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (tx.type() != Transaction.BLOB) {
                continue;
            }
            if (tx.blobHashes() == null || tx.blobHashes().isEmpty()) {
                lost.add(i);
            } else {
                knownBlobs += tx.blobHashes().size();
            }
        }
        if (lost.isEmpty()) {
            return txs;
        }
        Header header = replica.header();
        long blockBlobs = header.blobGasUsed() == null ? 0 : header.blobGasUsed() / BLOB_GAS_PER_BLOB;
        long unknownBlobs = blockBlobs - knownBlobs;
        BlockContext block = BlockProcessor.blockContext(header, fork, ForkSpec.of(fork), CHAIN_ID);
        List<Transaction> out = new ArrayList<>(txs);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int k = 0; k < lost.size(); k++) {
            // With one lost transaction the header gives its count; with several, an even split is a guess.
            long share = lost.size() == 1 ? unknownBlobs : Math.max(1, unknownBlobs / lost.size());
            counts.put(lost.get(k), (int) Math.max(1, share));
        }
        for (int i : lost) {
            out.set(i, withBlobs(txs.get(i), placeholderHashes(counts.get(i)), block.blobBaseFee()));
        }
        // Probe: run the block with placeholder hashes, recording every commitment handed to precompile 0x0a.
        Map<Integer, List<Hash>> seen = new HashMap<>();
        int[] currentTx = {-1};
        PrecompileSet probeSet = probeSet(precompiles.apply(fork), commitment -> {
            if (currentTx[0] >= 0) {
                List<Hash> list = seen.computeIfAbsent(currentTx[0], x -> new ArrayList<>());
                Hash versioned = versionedHash(commitment);
                if (!list.contains(versioned)) {
                    list.add(versioned);
                }
            }
        });
        // A commitment seen in transaction i counts only for i: nothing after the last lost one needs running.
        probe(replica, fork, out.subList(0, lost.get(lost.size() - 1) + 1), probeSet, currentTx);
        for (int i : lost) {
            List<Hash> found = seen.get(i);
            int count = counts.get(i);
            if (found != null && found.size() == count) {
                out.set(i, withBlobs(txs.get(i), found, block.blobBaseFee()));
                losses.add("tx " + i + " (type 3) lost its blob hashes and fee cap (codec 0.36): " + count
                        + " hashes reconstructed from the point-evaluation inputs, fee cap set to the blob base fee");
            } else {
                losses.add("tx " + i + " (type 3) lost its blob hashes and fee cap (codec 0.36): " + count
                        + " blob(s) per the header's blob gas, hashes unknown (placeholders"
                        + (found == null ? "" : ", " + found.size() + " seen by the probe") + ")");
            }
        }
        return out;
    }

    private void probe(BlockReplica replica, Fork fork, List<Transaction> txs, PrecompileSet set, int[] currentTx) {
        Header header = replica.header();
        ForkSpec spec = ForkSpec.of(fork);
        SpecimenWorld world = new SpecimenWorld(replica.state(), header, true, codeCache);
        JournaledState state = new JournaledState(world, codeCache);
        BlockContext block = BlockProcessor.blockContext(header, fork, spec, CHAIN_ID);
        if (header.parentBeaconBlockRoot() != null) {
            BlockProcessor.systemCall(spec, set, state, block, BlockProcessor.BEACON_ROOTS,
                    header.parentBeaconBlockRoot().toArray(), false);
        }
        TransactionProcessor processor = new TransactionProcessor(spec, set, recovery, Validation.SPECIMEN);
        long cumulative = 0;
        for (int i = 0; i < txs.size(); i++) {
            currentTx[0] = i;
            TxResult r = processor.process(state, block, txs.get(i), replica.senders().get(i),
                    header.gasLimit() - cumulative);
            cumulative += r.gasUsed();
        }
        currentTx[0] = -1;
    }

    private static PrecompileSet probeSet(PrecompileSet real, java.util.function.Consumer<byte[]> onCommitment) {
        Map<Address, Precompile> map = new HashMap<>();
        for (Address a : real.addresses()) {
            map.put(a, real.get(a));
        }
        Precompile kzg = real.get(KZG_POINT_EVALUATION);
        if (kzg != null) {
            map.put(KZG_POINT_EVALUATION, new Precompile() {
                @Override
                public String name() {
                    return kzg.name();
                }

                @Override
                public long gas(byte[] input) {
                    return kzg.gas(input);
                }

                @Override
                public PrecompileResult run(byte[] input) {
                    if (input.length == 192) {
                        onCommitment.accept(Arrays.copyOfRange(input, 96, 144));
                    }
                    return kzg.run(input);
                }
            });
        }
        return new PrecompileSet(map);
    }

    static Hash versionedHash(byte[] commitment) {
        byte[] h = BlockProcessor.sha256().digest(commitment);
        h[0] = 0x01;
        return Hash.wrap(h);
    }

    private static List<Hash> placeholderHashes(int count) {
        List<Hash> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] h = new byte[Hash.SIZE];
            h[0] = 0x01;
            h[Hash.SIZE - 1] = (byte) i;
            hashes.add(Hash.wrap(h));
        }
        return hashes;
    }

    private static Transaction withBlobs(Transaction t, List<Hash> hashes, UInt256 feeCap) {
        return new Transaction(t.type(), t.accessList(), t.chainId(), t.nonce(), t.gasPrice(), t.gasTipCap(),
                t.gasFeeCap(), t.gas(), t.from(), t.to(), t.value(), t.input(), t.v(), t.r(), t.s(),
                t.blobFeeCap() != null ? t.blobFeeCap() : feeCap, hashes, t.blobGas(), t.data(), t.authList());
    }
}
