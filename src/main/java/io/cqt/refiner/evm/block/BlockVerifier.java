package io.cqt.refiner.evm.block;

import io.cqt.refiner.block.BlockRoots;
import io.cqt.refiner.block.Bloom;
import io.cqt.refiner.block.ReceiptEncoding;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link BlockExecution} against its header: the receipts trie root (typed receipts), the last cumulative
 * gas, the OR of the blooms, from Shanghai the withdrawals root and, from Prague, the requests hash. Names the first receipt that differs, compared with
 * the producer's receipts when given (status, cumulative gas, logs), else the first dropped transaction.
 */
public final class BlockVerifier {

    /**
     * @param producerReceipts the producer's receipts, index-aligned with the transactions; empty when the specimen
     *                         carries none
     */
    public Verification verify(BlockExecution execution, List<Receipt> producerReceipts) {
        Header header = execution.replica().header();
        ReceiptEncoding encoding = new ReceiptEncoding();
        List<byte[]> encoded = new ArrayList<>(execution.receipts().size());
        Bloom bloom = new Bloom();
        Bloom.Memo blooms = new Bloom.Memo();
        for (ExecutedReceipt r : execution.receipts()) {
            Bloom own = blooms.of(r.logs());
            bloom.or(own);
            encoded.add(encoding.encode(r.type(), r.success(), r.cumulativeGasUsed(), own, r.logs()));
        }
        Hash root = BlockRoots.receiptsRoot(encoded);
        long gasUsed = execution.gasUsed();
        FirstMismatch perTx = compareReceipts(execution, producerReceipts);
        FirstMismatch first = perTx;
        if (first == null && !execution.rejected().isEmpty()) {
            Map.Entry<Integer, String> r = execution.rejected().entrySet().iterator().next();
            first = new FirstMismatch(r.getKey(), "rejected", "included", r.getValue());
        }
        if (first == null && !root.equals(header.receiptsRoot())) {
            first = new FirstMismatch(-1, "receiptsRoot", header.receiptsRoot().toString(), root.toString());
        }
        if (first == null && gasUsed != header.gasUsed()) {
            first = new FirstMismatch(-1, "gasUsed", Long.toString(header.gasUsed()), Long.toString(gasUsed));
        }
        if (first == null && !bloom.toBytes().equals(header.logsBloom())) {
            first = new FirstMismatch(-1, "logsBloom", header.logsBloom().toHex(), bloom.toBytes().toHex());
        }
        if (first == null && header.requestsHash() != null) {
            Hash requests = BlockProcessor.requestsHash(execution.requests());
            if (!requests.equals(header.requestsHash())) {
                first = new FirstMismatch(-1, "requestsHash", header.requestsHash().toString(), requests.toString());
            }
        }
        // The withdrawals root is checked apart: withdrawals leave the receipts alone, so a specimen that lost them
        // still confirms every receipt, and the loss is named rather than passed as verified.
        Withdrawals withdrawals = checkWithdrawals(execution.replica());
        boolean receiptsAgree = first == null;
        int lossyFrom = execution.lossyFrom();
        boolean receiptsExplained = receiptsAgree || lossyFrom >= 0
                && (perTx == null ? producerReceipts.isEmpty() || first.transactionIndex() >= lossyFrom
                                  : perTx.transactionIndex() >= lossyFrom)
                && statusAndLogsAgreeOutside(execution, producerReceipts, lossyFrom);
        if (first == null) {
            first = withdrawals.mismatch();
        }
        boolean verified = first == null;
        int exactThrough = receiptsAgree ? execution.receipts().size() : confirmedPrefix(execution, producerReceipts);
        boolean explained = !verified && receiptsExplained
                && (withdrawals.mismatch() == null || withdrawals.loss() != null);
        List<String> losses = new ArrayList<>(execution.losses());
        if (withdrawals.loss() != null) {
            losses.add(withdrawals.loss());
        }
        return new Verification(verified, root, header.receiptsRoot(), gasUsed, header.gasUsed(), first,
                losses.isEmpty() ? null : String.join("; ", losses), exactThrough, explained);
    }

    /**
     * The withdrawals root's check: {@code mismatch} when the specimen's withdrawals do not give the header's root,
     * {@code loss} when that is because the specimen carries none (the published codec-0.35 JSON files dropped the
     * withdrawals their Avro files hold); both null when the header has no root (before Shanghai) or it agrees.
     */
    private record Withdrawals(FirstMismatch mismatch, String loss) {
    }

    private static Withdrawals checkWithdrawals(BlockReplica replica) {
        Hash expected = replica.header().withdrawalsRoot();
        if (expected == null) {
            return new Withdrawals(null, null);
        }
        List<Withdrawal> withdrawals = replica.withdrawals() == null ? List.of() : replica.withdrawals();
        Hash computed = BlockRoots.withdrawalsRoot(withdrawals);
        if (computed.equals(expected)) {
            return new Withdrawals(null, null);
        }
        FirstMismatch mismatch = new FirstMismatch(-1, "withdrawalsRoot", expected.toString(), computed.toString());
        String loss = withdrawals.isEmpty()
                ? "withdrawals missing: the specimen carries " + (replica.withdrawals() == null ? "no Withdrawals"
                        : "an empty Withdrawals list") + " but the header's withdrawalsRoot " + expected
                        + " is not the empty list's; the balances they credit differ from mainnet"
                : null;
        return new Withdrawals(mismatch, loss);
    }

    /** The first transaction whose receipt differs from the producer's, or null (also when there are none). */
    private static FirstMismatch compareReceipts(BlockExecution execution, List<Receipt> producer) {
        if (producer.isEmpty()) {
            return null;
        }
        int n = execution.replica().transactions().size();
        if (producer.size() != n) {
            return new FirstMismatch(-1, "receipts", n + " producer receipts", producer.size() + "");
        }
        int next = 0;
        for (int i = 0; i < n; i++) {
            ExecutedReceipt mine = next < execution.receipts().size()
                    && execution.receipts().get(next).transactionIndex() == i ? execution.receipts().get(next++) : null;
            Receipt theirs = producer.get(i);
            if (mine == null) {
                return new FirstMismatch(i, "rejected", "included", execution.rejected().get(i));
            }
            String diff = difference(mine, theirs, true);
            if (diff != null) {
                return new FirstMismatch(i, diff, describe(theirs, diff), describe(mine, diff));
            }
        }
        return null;
    }

    /** Receipts before the lossy transaction that equal the producer's (all of them when no producer receipts). */
    private static int confirmedPrefix(BlockExecution execution, List<Receipt> producer) {
        if (producer.isEmpty()) {
            return 0;
        }
        int count = 0;
        for (ExecutedReceipt mine : execution.receipts()) {
            int i = mine.transactionIndex();
            if (i != count || (execution.lossyFrom() >= 0 && i >= execution.lossyFrom())
                    || difference(mine, producer.get(i), true) != null) {
                break;
            }
            count++;
        }
        return count;
    }

    private static boolean statusAndLogsAgreeOutside(BlockExecution execution, List<Receipt> producer, int lossyFrom) {
        if (producer.isEmpty()) {
            return true;
        }
        for (ExecutedReceipt mine : execution.receipts()) {
            int i = mine.transactionIndex();
            if (i != lossyFrom && difference(mine, producer.get(i), i < lossyFrom) != null) {
                return false;
            }
        }
        return execution.rejected().isEmpty();
    }

    /** The first field that differs, or null; cumulative gas only when {@code withGas}. */
    static String difference(ExecutedReceipt mine, Receipt theirs, boolean withGas) {
        boolean theirStatus = theirs.postStateOrStatus().size() == 1 && theirs.postStateOrStatus().get(0) == 1;
        if (mine.success() != theirStatus) {
            return "status";
        }
        if (withGas && mine.cumulativeGasUsed() != theirs.cumulativeGasUsed()) {
            return "cumulativeGasUsed";
        }
        if (mine.logs().size() != theirs.logs().size()) {
            return "logs";
        }
        for (int k = 0; k < mine.logs().size(); k++) {
            Receipt.Log a = mine.logs().get(k);
            Receipt.Log b = theirs.logs().get(k);
            if (!a.address().equals(b.address()) || !a.topics().equals(b.topics()) || !dataOf(a).equals(dataOf(b))) {
                return "logs";
            }
        }
        return null;
    }

    private static Bytes dataOf(Receipt.Log log) {
        return log.data() == null ? Bytes.EMPTY : log.data();
    }

    private static String describe(Receipt r, String field) {
        return switch (field) {
            case "status" -> r.postStateOrStatus().toHex();
            case "cumulativeGasUsed" -> Long.toString(r.cumulativeGasUsed());
            default -> r.logs().size() + " logs";
        };
    }

    private static String describe(ExecutedReceipt r, String field) {
        return switch (field) {
            case "status" -> r.success() ? "0x01" : "0x";
            case "cumulativeGasUsed" -> Long.toString(r.cumulativeGasUsed());
            default -> r.logs().size() + " logs";
        };
    }
}
