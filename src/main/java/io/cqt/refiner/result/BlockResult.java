package io.cqt.refiner.result;

import io.cqt.refiner.specimen.BlobTxSidecar;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/**
 * A block result as the reference evm-server writes it: the block re-executed, with its receipts and logs. The
 * header, receipts and logs have exactly the specimen's shapes, so the specimen records are used; only the
 * transaction differs ({@link ResultTransaction}). The reference always writes {@code uncles}, {@code State} and
 * {@code Withdrawals} as null, so they are not components; the compat writer emits those nulls.
 * A null list is written as JSON {@code null}, an empty one as {@code []}.
 *
 * @param hash the state root of the partial post-state (neither the block hash nor the header's state root)
 */
public record BlockResult(
        String type,
        long networkId,
        Hash hash,
        UInt256 totalDifficulty,
        Header header,
        List<ResultTransaction> transactions,
        List<Receipt> receipts,
        List<Address> senders,
        List<BlobTxSidecar> blobTxSidecars) {

    /** The value of {@code Type} in every result. */
    public static final String TYPE = "block-result";

    public BlockResult {
        transactions = transactions == null ? null : List.copyOf(transactions);
        receipts = receipts == null ? null : List.copyOf(receipts);
        senders = senders == null ? null : List.copyOf(senders);
        blobTxSidecars = blobTxSidecars == null ? null : List.copyOf(blobTxSidecars);
    }
}
