package io.cqt.refiner.pipeline;

import io.cqt.refiner.block.Bloom;
import io.cqt.refiner.result.BlockResult;
import io.cqt.refiner.result.CompatResultReader;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Receipt;
import java.util.List;

/**
 * Checks a remote evm-server's result against the specimen's header before it may be pinned or proved. The
 * reference format carries no receipt status, so the receipts root cannot be recomputed from it; what can be
 * checked is checked: one receipt per transaction (the reference drops transactions that fail their pre-checks),
 * the last cumulative gas against {@code gasUsed}, and the OR of the logs' blooms against {@code logsBloom}.
 * Blocking (parses a result of hundreds of KB): call it off the event loop.
 */
final class RemoteResultCheck {
    private RemoteResultCheck() {
    }

    /** Null when the result agrees with the header as far as it can be checked, else why not. */
    static String mismatch(BlockReplica replica, byte[] resultJson) {
        BlockResult result;
        try {
            result = new CompatResultReader().read(resultJson);
        } catch (RuntimeException e) {
            return "the evm-server's reply is not a block result: " + Failures.describe(e);
        }
        List<Receipt> receipts = result.receipts() == null ? List.of() : result.receipts();
        int transactions = replica.transactions().size();
        if (receipts.size() != transactions) {
            return "the evm-server gave " + receipts.size() + " receipts for " + transactions + " transactions";
        }
        long gasUsed = receipts.isEmpty() ? 0 : receipts.get(receipts.size() - 1).cumulativeGasUsed();
        if (gasUsed != replica.header().gasUsed()) {
            return "the evm-server's result uses " + gasUsed + " gas, the header says " + replica.header().gasUsed();
        }
        Bloom bloom = Bloom.of(List.of());
        for (Receipt receipt : receipts) {
            bloom.or(Bloom.of(receipt.logs()));
        }
        if (!bloom.toBytes().equals(replica.header().logsBloom())) {
            return "the logs bloom of the evm-server's result differs from the header's";
        }
        return null;
    }
}
