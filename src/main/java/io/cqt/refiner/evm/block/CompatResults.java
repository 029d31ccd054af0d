package io.cqt.refiner.evm.block;

import io.cqt.refiner.block.BlockRoots;
import io.cqt.refiner.block.HeaderEncoding;
import io.cqt.refiner.block.TransactionEncoding;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.result.BlockResult;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the result the reference evm-server writes for a block (evm-server-compat.md): the specimen's own
 * transactions (not our reconstructions), failed-precheck transactions dropped, the tool's own header (gas used 0,
 * difficulty 0, recomputed transactions root) and its hash as the logs' block hash.
 */
public final class CompatResults {
    private static final long BLOB_GAS_PER_BLOB = 131_072L;
    private static final UInt256 EIP155_OFFSET = UInt256.of(35);

    private CompatResults() {
    }

    public static BlockResult of(BlockExecution execution) {
        BlockReplica replica = execution.replica();
        TransactionEncoding encoding = new TransactionEncoding();
        List<Transaction> included = new ArrayList<>();
        List<Hash> hashes = new ArrayList<>();
        for (ExecutedReceipt r : execution.receipts()) {
            Transaction tx = replica.transactions().get(r.transactionIndex());
            included.add(tx);
            hashes.add(encoding.encode(tx).hash());
        }
        Header h = replica.header();
        Hash txRoot = BlockRoots.transactionsRoot(included);
        Header header = new Header(h.parentHash(), Keccak256.EMPTY_LIST, h.miner(), h.stateRoot(), txRoot,
                h.receiptsRoot(), h.logsBloom(), UInt256.ZERO, h.number(), h.gasLimit(), 0, h.timestamp(),
                h.extraData(), h.mixHash(), Bytes.wrap(new byte[Header.NONCE_SIZE]), h.baseFeePerGas(),
                h.withdrawalsRoot(), h.blobGasUsed(), h.excessBlobGas(), h.parentBeaconBlockRoot(), h.requestsHash());
        Header toolHeader = new Header(Hash.ZERO, Keccak256.EMPTY_LIST, h.miner(), Hash.ZERO, txRoot,
                MerklePatriciaTrie.EMPTY_ROOT, Bytes.wrap(new byte[Header.BLOOM_SIZE]), UInt256.ZERO, h.number(),
                h.gasLimit(), 0, h.timestamp(), Bytes.EMPTY, h.mixHash(), Bytes.wrap(new byte[Header.NONCE_SIZE]),
                h.baseFeePerGas(), h.withdrawalsRoot(), h.blobGasUsed(), h.excessBlobGas(), h.parentBeaconBlockRoot(),
                null);
        Hash blockHash = HeaderEncoding.hash(toolHeader);

        List<ResultTransaction> transactions = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>();
        for (int k = 0; k < included.size(); k++) {
            ExecutedReceipt r = execution.receipts().get(k);
            transactions.add(transaction(included.get(k)));
            List<Receipt.Log> logs = new ArrayList<>();
            for (Receipt.Log log : r.logs()) {
                logs.add(new Receipt.Log(log.address(), log.topics(), log.data().isEmpty() ? null : log.data(),
                        h.number(), hashes.get(k), r.transactionIndex(), blockHash, log.logIndex(), false));
            }
            receipts.add(new Receipt(null, r.cumulativeGasUsed(), hashes.get(k),
                    r.contractAddress() == null ? Address.ZERO : r.contractAddress(), logs, r.gasUsed()));
        }
        return new BlockResult(BlockResult.TYPE, 1, execution.partialStateRoot(), replica.totalDifficulty(), header,
                transactions, receipts, replica.senders(), replica.blobTxSidecars());
    }

    private static ResultTransaction transaction(Transaction t) {
        boolean dynamic = t.type() >= Transaction.DYNAMIC_FEE;
        UInt256 gasPrice = dynamic ? t.gasTipCap() : t.gasPrice();
        UInt256 tip = dynamic ? t.gasTipCap() : t.gasPrice();
        UInt256 feeCap = dynamic ? t.gasFeeCap() : t.gasPrice();
        UInt256 v = t.v() == null ? UInt256.ZERO : t.v();
        UInt256 chainId = t.type() == Transaction.LEGACY ? legacyChainId(v) : t.chainId();
        boolean blob = t.type() == Transaction.BLOB;
        List<Hash> blobHashes = blob ? (t.blobHashes() == null ? List.of() : t.blobHashes()) : null;
        long blobGas = blobHashes == null ? 0 : blobHashes.size() * BLOB_GAS_PER_BLOB;
        return new ResultTransaction(t.type(), t.accessList(), chainId, t.nonce(), gasPrice, t.gas(), tip, feeCap,
                t.from(), t.to(), t.value(), t.input(), v, orZero(t.r()), orZero(t.s()),
                blob ? t.blobFeeCap() : null, blobHashes, blobGas);
    }

    /** EIP-155: {@code v = chainId * 2 + 35 + parity}; a pre-155 v (27, 28) has chain id 0. */
    private static UInt256 legacyChainId(UInt256 v) {
        if (v.compareTo(EIP155_OFFSET) < 0) {
            return UInt256.ZERO;
        }
        return UInt256.of(v.toBigInteger().subtract(java.math.BigInteger.valueOf(35)).shiftRight(1));
    }

    private static UInt256 orZero(UInt256 value) {
        return value == null ? UInt256.ZERO : value;
    }
}
