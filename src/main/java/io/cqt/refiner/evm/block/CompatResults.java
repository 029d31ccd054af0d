package io.cqt.refiner.evm.block;

import io.cqt.refiner.block.BlockRoots;
import io.cqt.refiner.block.HeaderEncoding;
import io.cqt.refiner.block.TransactionEncoding;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.interp.ContractAddress;
import io.cqt.refiner.result.BlockResult;
import io.cqt.refiner.result.CompatProfile;
import io.cqt.refiner.result.ResultTransaction;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.trie.MerklePatriciaTrie;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the result a reference evm-server release writes for a block it executed (evm-server-compat.md): every
 * transaction of the block as that release decoded it (one that failed its pre-checks included, without a receipt),
 * the tool's own header (gas used 0, difficulty 0, transactions root over all of them) and its hash as the logs'
 * block hash.
 */
public final class CompatResults {
    private static final long BLOB_GAS_PER_BLOB = 131_072L;
    private static final BigInteger EIP155_OFFSET = BigInteger.valueOf(35);

    private CompatResults() {
    }

    /** @param execution a run of the replica as the profile's release decodes it ({@link ReferenceExecutor}) */
    public static BlockResult of(BlockExecution execution, CompatProfile profile) {
        BlockReplica replica = execution.replica();
        List<Transaction> txs = replica.transactions();
        TransactionEncoding encoding = new TransactionEncoding();
        List<byte[]> encodings = new ArrayList<>(txs.size());
        List<Hash> hashes = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            byte[] encoded = encoding.encodeBytes(tx);
            encodings.add(encoded);
            hashes.add(Hash.wrap(Keccak256.hash(encoded)));
        }
        Header h = replica.header();
        Hash txRoot = BlockRoots.transactionsRootOfEncodings(encodings);
        Header header = new Header(h.parentHash(), Keccak256.EMPTY_LIST, h.miner(), h.stateRoot(), txRoot,
                h.receiptsRoot(), h.logsBloom(), UInt256.ZERO, h.number(), h.gasLimit(), 0, h.timestamp(),
                h.extraData(), h.mixHash(), Bytes.wrap(new byte[Header.NONCE_SIZE]), h.baseFeePerGas(),
                h.withdrawalsRoot(), h.blobGasUsed(), h.excessBlobGas(), h.parentBeaconBlockRoot(), null);
        Header toolHeader = new Header(Hash.ZERO, Keccak256.EMPTY_LIST, h.miner(), Hash.ZERO, txRoot,
                MerklePatriciaTrie.EMPTY_ROOT, Bytes.wrap(new byte[Header.BLOOM_SIZE]), UInt256.ZERO, h.number(),
                h.gasLimit(), 0, h.timestamp(), Bytes.EMPTY, h.mixHash(), Bytes.wrap(new byte[Header.NONCE_SIZE]),
                h.baseFeePerGas(), h.withdrawalsRoot(), h.blobGasUsed(), h.excessBlobGas(), h.parentBeaconBlockRoot(),
                null);
        Hash blockHash = HeaderEncoding.hash(toolHeader);

        List<ResultTransaction> transactions = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            transactions.add(transaction(tx, profile));
        }
        List<Receipt> receipts = new ArrayList<>(execution.receipts().size());
        for (ExecutedReceipt r : execution.receipts()) {
            int i = r.transactionIndex();
            Hash txHash = hashes.get(i);
            List<Receipt.Log> logs = new ArrayList<>();
            for (Receipt.Log log : r.logs()) {
                logs.add(new Receipt.Log(log.address(), log.topics(), log.data().isEmpty() ? null : log.data(),
                        h.number(), txHash, i, blockHash, log.logIndex(), false));
            }
            receipts.add(new Receipt(null, r.cumulativeGasUsed(), txHash,
                    contractAddress(txs.get(i), replica.senders().get(i)), logs, r.gasUsed()));
        }
        return new BlockResult(BlockResult.TYPE, 1, execution.partialStateRoot(), replica.totalDifficulty(), header,
                transactions, receipts, replica.senders(), replica.blobTxSidecars());
    }

    /**
     * The reference derives a creation's address from the sender and the transaction's nonce (not the account's,
     * which it does not check), whether or not the creation succeeded.
     */
    private static Address contractAddress(Transaction tx, Address sender) {
        return tx.isContractCreation() ? ContractAddress.create(sender, tx.nonce()) : Address.ZERO;
    }

    private static ResultTransaction transaction(Transaction t, CompatProfile profile) {
        boolean dynamic = t.type() >= Transaction.DYNAMIC_FEE;
        UInt256 gasPrice = dynamic ? t.gasTipCap() : t.gasPrice();
        UInt256 tip = dynamic ? t.gasTipCap() : t.gasPrice();
        UInt256 feeCap = dynamic ? t.gasFeeCap() : t.gasPrice();
        UInt256 v = t.v() == null ? UInt256.ZERO : t.v();
        UInt256 chainId = t.type() == Transaction.LEGACY ? legacyChainId(v) : t.chainId();
        boolean blob = t.type() == Transaction.BLOB;
        List<Hash> blobHashes = !blob || t.blobHashes() == null && profile.absentBlobHashes() ? null
                : t.blobHashes() == null ? List.of() : t.blobHashes();
        long blobGas = blobHashes == null ? 0 : blobHashes.size() * BLOB_GAS_PER_BLOB;
        return new ResultTransaction(t.type(), t.accessList(), chainId, t.nonce(), gasPrice, t.gas(), tip, feeCap,
                t.from(), t.to(), t.value(), t.input(), v, orZero(t.r()), orZero(t.s()),
                blob ? t.blobFeeCap() : null, blobHashes, blobGas);
    }

    /**
     * The reference's chain id of a legacy transaction, from {@code v} (EIP-155: {@code v = chainId * 2 + 35 +
     * parity}): zero for 27 and 28, else {@code (v - 35) / 2} in unsigned 64-bit arithmetic when v fits 64 bits (so a
     * missing v of 0 wraps to 0x7fffffffffffffee), in 256-bit arithmetic otherwise.
     */
    static UInt256 legacyChainId(UInt256 v) {
        if (v.u3() == 0 && v.u2() == 0 && v.u1() == 0) {
            long value = v.u0();
            if (value == 27 || value == 28) {
                return UInt256.ZERO;
            }
            return UInt256.ofUnsigned(Long.divideUnsigned(value - 35, 2));
        }
        return UInt256.of(v.toBigInteger().subtract(EIP155_OFFSET).shiftRight(1));
    }

    private static UInt256 orZero(UInt256 value) {
        return value == null ? UInt256.ZERO : value;
    }
}
