package io.cqt.refiner.evm.block;

import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.evm.frame.BlockContext;
import io.cqt.refiner.evm.frame.TxContext;
import io.cqt.refiner.evm.interp.Interpreter;
import io.cqt.refiner.evm.interp.MessageResult;
import io.cqt.refiner.evm.precompile.Precompile;
import io.cqt.refiner.evm.precompile.PrecompileResult;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.state.AccountChange;
import io.cqt.refiner.evm.state.JournaledState;
import io.cqt.refiner.trie.MerklePatriciaTrie;
import io.cqt.refiner.trie.StateRoot;
import io.cqt.refiner.evm.state.Log;
import io.cqt.refiner.evm.tx.AuthorityRecovery;
import io.cqt.refiner.evm.tx.TransactionProcessor;
import io.cqt.refiner.evm.tx.TransactionProcessor.Validation;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Re-executes a specimen block: the fork's system calls before the transactions (EIP-4788 beacon root, EIP-2935
 * parent hash), every transaction from its given sender with the state carried over, then the Prague request system
 * calls (EIP-7002, EIP-7251), withdrawals and, before the merge, the block reward. Account checks are off, as in the
 * reference evm-server (senders are given, the pre-state is partial). Stateless between calls: thread-safe.
 */
public final class BlockExecutor {
    static final Address SYSTEM_CALLER = Address.fromHex("0xfffffffffffffffffffffffffffffffffffffffe");
    static final Address BEACON_ROOTS = Address.fromHex("0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02");
    static final Address HISTORY_STORAGE = Address.fromHex("0x0000F90827F1C53a10cb7A02335B175320002935");
    static final Address WITHDRAWAL_REQUESTS = Address.fromHex("0x00000961Ef480Eb55e80D19ad83579A64c007002");
    static final Address CONSOLIDATION_REQUESTS = Address.fromHex("0x0000BBdDc7CE488642fb579F8B00f3a590007251");
    static final Address DEPOSIT_CONTRACT = Address.fromHex("0x00000000219ab540356cBB839Cbe05303d7705Fa");
    /** keccak256("DepositEvent(bytes,bytes,bytes,bytes,bytes)"), the deposit contract's event (EIP-6110). */
    static final Hash DEPOSIT_EVENT = Keccak256.of("DepositEvent(bytes,bytes,bytes,bytes,bytes)"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    private static final long SYSTEM_CALL_GAS = 30_000_000L;
    private static final long CHAIN_ID = 1;
    private static final long BLOB_GAS_PER_BLOB = 131_072L;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final BigInteger PRE_MERGE_BLOCK_REWARD = BigInteger.TWO.multiply(BigInteger.TEN.pow(18));
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
        return run(replica, fork, txs, precompiles.apply(fork), losses);
    }

    private BlockExecution run(BlockReplica replica, Fork fork, List<Transaction> txs, PrecompileSet set,
                               List<String> lossesSoFar) {
        Header header = replica.header();
        ForkSpec spec = ForkSpec.of(fork);
        List<String> losses = new ArrayList<>(lossesSoFar);
        SpecimenWorld world = new SpecimenWorld(replica.state(), header, reconstruct, codeCache);
        JournaledState state = new JournaledState(world, codeCache);
        BlockContext block = blockContext(header, fork, spec);

        if (fork.isAtLeast(Fork.CANCUN)) {
            if (header.parentBeaconBlockRoot() == null) {
                throw new SpecimenException("block " + header.number() + " is " + fork.displayName()
                        + " but has no parentBeaconBlockRoot");
            }
            systemCall(spec, set, state, block, BEACON_ROOTS, header.parentBeaconBlockRoot().toArray());
        }
        if (fork.isAtLeast(Fork.PRAGUE)) {
            systemCall(spec, set, state, block, HISTORY_STORAGE, header.parentHash().toArray());
        }

        TransactionProcessor processor = new TransactionProcessor(spec, set, recovery,
                reconstruct ? Validation.SPECIMEN : Validation.REFERENCE);
        List<ExecutedReceipt> receipts = new ArrayList<>(txs.size());
        Map<Integer, String> rejected = new LinkedHashMap<>();
        List<Receipt.Log> blockLogs = new ArrayList<>();
        long cumulative = 0;
        // The block's gas left: what included transactions used, and what the reference's late rejections bought.
        long gasPool = header.gasLimit();
        int logIndex = 0;
        int lossyFrom = -1;
        for (int i = 0; i < txs.size(); i++) {
            Transaction tx = txs.get(i);
            if (tx.type() == Transaction.SET_CODE && tx.authList() == null) {
                losses.add("tx " + i + " (type 4) lost its authorization list (codec 0.38): run without it; its "
                        + "receipt and those after it may differ from mainnet");
                if (lossyFrom < 0) {
                    lossyFrom = i;
                }
            }
            TxResult result = processor.process(state, block, tx, replica.senders().get(i), gasPool);
            gasPool -= result.gasUsed();
            if (result.rejected()) {
                rejected.put(i, result.rejection());
                continue;
            }
            cumulative += result.gasUsed();
            List<Receipt.Log> logs = new ArrayList<>(result.logs().size());
            for (Log log : result.logs()) {
                logs.add(new Receipt.Log(log.address(), log.topics(), Bytes.wrap(log.data()), header.number(),
                        Hash.ZERO, i, Hash.ZERO, logIndex++, false));
            }
            blockLogs.addAll(logs);
            receipts.add(new ExecutedReceipt(i, tx.type(), result.success(), cumulative, result.gasUsed(), logs,
                    result.contractAddress()));
        }

        List<byte[]> requests = new ArrayList<>();
        if (fork.isAtLeast(Fork.PRAGUE)) {
            requests.add(depositRequests(blockLogs));
            requests.add(systemCall(spec, set, state, block, WITHDRAWAL_REQUESTS, new byte[0]));
            requests.add(systemCall(spec, set, state, block, CONSOLIDATION_REQUESTS, new byte[0]));
        }
        if (replica.withdrawals() != null) {
            for (Withdrawal w : replica.withdrawals()) {
                state.addBalance(w.address(), UInt256.of(BigInteger.valueOf(w.amount()).multiply(GWEI)));
            }
            state.endTransaction(true);
        }
        if (!fork.isAtLeast(Fork.PARIS)) {
            payBlockReward(state, replica);
        }
        if (!world.reconstructedCode().isEmpty()) {
            losses.add("code read only for its size is missing for " + world.reconstructedCode()
                    + ": size reconstructed as non-zero, hash exact");
        }
        List<Address> reconstructed = world.reconstructedCode();
        List<String> missing = world.missingReads();
        List<AccountChange> changes = state.changes();
        return new BlockExecution(replica, fork, txs, receipts, rejected, cumulative, requests, losses, lossyFrom,
                missing, reconstructed, changes, partialStateRoot(world, changes));
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

    private static BlockContext blockContext(Header header, Fork fork, ForkSpec spec) {
        Hash prevRandao = fork.isAtLeast(Fork.PARIS) ? header.mixHash() : Hash.wrap(header.difficulty().toBytes32());
        UInt256 blobBaseFee = UInt256.ZERO;
        if (fork.isAtLeast(Fork.CANCUN)) {
            if (header.excessBlobGas() == null) {
                throw new SpecimenException("block " + header.number() + " is " + fork.displayName()
                        + " but has no excessBlobGas");
            }
            blobBaseFee = UInt256.of(fakeExponential(BigInteger.ONE, BigInteger.valueOf(header.excessBlobGas()),
                    BigInteger.valueOf(spec.blobs().baseFeeUpdateFraction())));
        }
        return new BlockContext(header.miner(), header.number(), header.timestamp(), header.gasLimit(), prevRandao,
                header.baseFeePerGas(), blobBaseFee, CHAIN_ID);
    }

    /** EIP-4844's integer approximation of {@code factor * e^(numerator / denominator)}. */
    static BigInteger fakeExponential(BigInteger factor, BigInteger numerator, BigInteger denominator) {
        BigInteger output = BigInteger.ZERO;
        BigInteger accum = factor.multiply(denominator);
        for (int i = 1; accum.signum() > 0; i++) {
            output = output.add(accum);
            accum = accum.multiply(numerator).divide(denominator.multiply(BigInteger.valueOf(i)));
        }
        return output.divide(denominator);
    }

    /**
     * A system call: from the system caller, 30M gas, no fee, outside the block's gas. Skipped (empty output) when
     * the contract has no code, as the reference does.
     */
    private static byte[] systemCall(ForkSpec spec, PrecompileSet set, JournaledState state, BlockContext block,
                                     Address contract, byte[] input) {
        if (state.codeHash(contract).equals(Keccak256.EMPTY)) {
            return new byte[0];
        }
        Interpreter interpreter = new Interpreter(spec, set, state, block,
                new TxContext(SYSTEM_CALLER, UInt256.ZERO, List.of()));
        state.warmAddress(contract);
        MessageResult result = interpreter.call(SYSTEM_CALLER, contract, UInt256.ZERO, input, SYSTEM_CALL_GAS);
        state.endTransaction(true);
        return result.success() ? result.output() : new byte[0];
    }

    /** EIP-6110: the deposit requests are the deposit contract's DepositEvent logs, fields concatenated. */
    private static byte[] depositRequests(List<Receipt.Log> logs) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Receipt.Log log : logs) {
            if (!log.address().equals(DEPOSIT_CONTRACT) || log.topics().isEmpty()
                    || !log.topics().get(0).equals(DEPOSIT_EVENT)) {
                continue;
            }
            byte[] d = log.data().array();
            if (d.length < 576) {
                throw new SpecimenException("deposit log of " + d.length + " bytes is too short");
            }
            // ABI layout of the five dynamic fields: pubkey 48, withdrawal credentials 32, amount 8,
            // signature 96, index 8, each after its 32-byte length word.
            out.write(d, 192, 48);
            out.write(d, 288, 32);
            out.write(d, 352, 8);
            out.write(d, 416, 96);
            out.write(d, 544, 8);
        }
        return out.toByteArray();
    }

    /** EIP-7685: sha256 over the sha256 of each non-empty {@code type || data}. */
    public static Hash requestsHash(List<byte[]> requests) {
        MessageDigest outer = sha256();
        for (int type = 0; type < requests.size(); type++) {
            byte[] data = requests.get(type);
            if (data.length == 0) {
                continue;
            }
            MessageDigest inner = sha256();
            inner.update((byte) type);
            inner.update(data);
            outer.update(inner.digest());
        }
        return Hash.wrap(outer.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Before the merge: 2 ETH (Constantinople on) to the miner plus 1/32 per uncle, and each uncle's share. */
    private static void payBlockReward(JournaledState state, BlockReplica replica) {
        Header header = replica.header();
        List<Header> uncles = replica.uncles() == null ? List.of() : replica.uncles();
        BigInteger minerReward = PRE_MERGE_BLOCK_REWARD;
        for (Header uncle : uncles) {
            BigInteger share = BigInteger.valueOf(uncle.number() + 8 - header.number())
                    .multiply(PRE_MERGE_BLOCK_REWARD).shiftRight(3);
            state.addBalance(uncle.miner(), UInt256.of(share));
            minerReward = minerReward.add(PRE_MERGE_BLOCK_REWARD.shiftRight(5));
        }
        state.addBalance(header.miner(), UInt256.of(minerReward));
        state.endTransaction(true);
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
        BlockContext block = blockContext(header, fork, ForkSpec.of(fork));
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
        probe(replica, fork, out, probeSet, currentTx);
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
        BlockContext block = blockContext(header, fork, spec);
        if (header.parentBeaconBlockRoot() != null) {
            systemCall(spec, set, state, block, BEACON_ROOTS, header.parentBeaconBlockRoot().toArray());
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
        byte[] h = sha256().digest(commitment);
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
