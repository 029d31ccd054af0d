package io.cqt.refiner.block;

import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.trie.OrderedTrie;
import io.cqt.refiner.types.Hash;
import java.util.ArrayList;
import java.util.List;

/** The header's list roots: each list stored in a trie under the keys {@code rlp(index)}. */
public final class BlockRoots {
    private BlockRoots() {
    }

    /** The root of the transactions' consensus encodings (see {@link TransactionEncoding} for lossy specimens). */
    public static Hash transactionsRoot(List<Transaction> transactions) {
        TransactionEncoding encoding = new TransactionEncoding();
        List<byte[]> items = new ArrayList<>(transactions.size());
        for (Transaction tx : transactions) {
            items.add(encoding.encodeBytes(tx));
        }
        return transactionsRootOfEncodings(items);
    }

    /** @param encodings the transactions' consensus encodings, in block order */
    public static Hash transactionsRootOfEncodings(List<byte[]> encodings) {
        return OrderedTrie.root(encodings);
    }

    /** @param encodedReceipts receipts as {@link ReceiptEncoding} encodes them, in transaction order */
    public static Hash receiptsRoot(List<byte[]> encodedReceipts) {
        return OrderedTrie.root(encodedReceipts);
    }

    /** The root of {@code rlp([index, validatorIndex, address, amount])} per withdrawal (EIP-4895). */
    public static Hash withdrawalsRoot(List<Withdrawal> withdrawals) {
        RlpWriter writer = new RlpWriter(64);
        List<byte[]> items = new ArrayList<>(withdrawals.size());
        for (Withdrawal w : withdrawals) {
            items.add(writer.reset().startList().writeLong(w.index()).writeLong(w.validatorIndex())
                    .writeAddress(w.address()).writeLong(w.amount()).endList().toByteArray());
        }
        return OrderedTrie.root(items);
    }
}
