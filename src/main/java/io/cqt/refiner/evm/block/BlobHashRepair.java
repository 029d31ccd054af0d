package io.cqt.refiner.evm.block;

import io.cqt.refiner.evm.precompile.KzgPointEvaluation;
import io.cqt.refiner.evm.precompile.Precompile;
import io.cqt.refiner.evm.precompile.PrecompileResult;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.evm.tx.TxResult;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Known loss 2 (specimen-format.md): codec 0.36 drops type-3 blob hashes and fee caps. The blob count comes from the
 * header's blob gas; the fee cap is set to the blob base fee (it only bounds what the sender may pay); the hashes
 * from what the block hands the point-evaluation precompile (a rollup verifying its blobs passes each commitment,
 * whose versioned hash is {@code 0x01 || sha256(commitment)[1:]}).
 *
 * <p>The block first runs with placeholder hashes while this watches precompile 0x0a, as a tracer that knows the
 * current transaction. When that run saw no lost transaction's whole set of hashes, nothing is reconstructed and the
 * run stands (the placeholders are what a second run would use too); otherwise the block runs again with the hashes
 * seen. One execution for the common case, two only when a repair changes the input. Single use, not thread-safe.
 */
final class BlobHashRepair implements Tracer {
    private static final long BLOB_GAS_PER_BLOB = 131_072L;
    private static final Address KZG_POINT_EVALUATION = PrecompileSet.address(0x0a);

    private final List<Transaction> original;
    private final List<Transaction> placeholders;
    private final Map<Integer, Integer> counts;
    private final UInt256 feeCap;
    private final Map<Integer, List<Hash>> seen = new HashMap<>();
    private int current = -1;

    private BlobHashRepair(List<Transaction> original, List<Transaction> placeholders, Map<Integer, Integer> counts,
                           UInt256 feeCap) {
        this.original = original;
        this.placeholders = placeholders;
        this.counts = counts;
        this.feeCap = feeCap;
    }

    /** The repair for this block, or null when no transaction lost its blob fields. */
    static BlobHashRepair of(BlockReplica replica, Supplier<UInt256> blobBaseFee) {
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
            return null;
        }
        Header header = replica.header();
        long blockBlobs = header.blobGasUsed() == null ? 0 : header.blobGasUsed() / BLOB_GAS_PER_BLOB;
        long unknownBlobs = blockBlobs - knownBlobs;
        UInt256 feeCap = blobBaseFee.get();
        List<Transaction> out = new ArrayList<>(txs);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i : lost) {
            // With one lost transaction the header gives its count; with several, an even split is a guess.
            long share = lost.size() == 1 ? unknownBlobs : Math.max(1, unknownBlobs / lost.size());
            int count = (int) Math.max(1, share);
            counts.put(i, count);
            out.set(i, withBlobs(txs.get(i), placeholderHashes(count), feeCap));
        }
        return new BlobHashRepair(txs, List.copyOf(out), counts, feeCap);
    }

    /** The block's transactions with placeholder hashes and fee caps where they were lost. */
    List<Transaction> placeholders() {
        return placeholders;
    }

    /** {@code real} with precompile 0x0a watched: each commitment it is handed is noted for the current transaction. */
    PrecompileSet watching(PrecompileSet real) {
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
                        saw(Arrays.copyOfRange(input, 96, 144));
                    }
                    return kzg.run(input);
                }
            });
        }
        return new PrecompileSet(map);
    }

    private void saw(byte[] commitment) {
        if (current < 0 || !counts.containsKey(current)) {
            return;
        }
        List<Hash> list = seen.computeIfAbsent(current, x -> new ArrayList<>());
        Hash versioned = Hash.wrap(KzgPointEvaluation.versionedHash(commitment));
        if (!list.contains(versioned)) {
            list.add(versioned);
        }
    }

    @Override
    public void onBlockStart() {
        seen.clear();
        current = -1;
    }

    @Override
    public void onTxStart(int index, Transaction tx, Address sender) {
        current = index;
    }

    @Override
    public void onTxEnd(int index, TxResult result) {
        current = -1;
    }

    /** After the watched run: the transactions with every hash set the run saw whole, or null when it saw none. */
    List<Transaction> reconstructed() {
        List<Transaction> out = null;
        for (Map.Entry<Integer, Integer> lost : counts.entrySet()) {
            List<Hash> found = seen.get(lost.getKey());
            if (found != null && found.size() == lost.getValue()) {
                if (out == null) {
                    out = new ArrayList<>(placeholders);
                }
                out.set(lost.getKey(), withBlobs(original.get(lost.getKey()), found, feeCap));
            }
        }
        return out;
    }

    /** After the watched run: the loss of each transaction, in block order, saying what was made of it. */
    List<String> losses() {
        List<String> losses = new ArrayList<>();
        counts.keySet().stream().sorted().forEach(i -> {
            List<Hash> found = seen.get(i);
            int count = counts.get(i);
            if (found != null && found.size() == count) {
                losses.add("tx " + i + " (type 3) lost its blob hashes and fee cap (codec 0.36): " + count
                        + " hashes reconstructed from the point-evaluation inputs, fee cap set to the blob base fee");
            } else {
                losses.add("tx " + i + " (type 3) lost its blob hashes and fee cap (codec 0.36): " + count
                        + " blob(s) per the header's blob gas, hashes unknown (placeholders"
                        + (found == null ? "" : ", " + found.size() + " seen by the probe") + ")");
            }
        });
        return losses;
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
