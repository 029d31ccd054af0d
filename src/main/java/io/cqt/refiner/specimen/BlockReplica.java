package io.cqt.refiner.specimen;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/**
 * One block with everything needed to re-execute it: the specimen's {@code replicaEvent[i].data}, and the JSON the
 * evm-server takes. {@code uncles}, {@code withdrawals} and {@code blobTxSidecars} are null where the producer wrote
 * none (older codecs, or null in the data); an empty list means the producer wrote an empty list.
 *
 * @param senders {@code senders.get(i)} sent {@code transactions.get(i)}
 */
public record BlockReplica(
        String type,
        long networkId,
        Hash hash,
        UInt256 totalDifficulty,
        Header header,
        List<Transaction> transactions,
        List<Header> uncles,
        List<Receipt> receipts,
        List<Address> senders,
        StateReads state,
        List<Withdrawal> withdrawals,
        List<BlobTxSidecar> blobTxSidecars) {

    public BlockReplica {
        transactions = List.copyOf(transactions);
        uncles = uncles == null ? null : List.copyOf(uncles);
        receipts = List.copyOf(receipts);
        senders = List.copyOf(senders);
        withdrawals = withdrawals == null ? null : List.copyOf(withdrawals);
        blobTxSidecars = blobTxSidecars == null ? null : List.copyOf(blobTxSidecars);
    }

    /** The {@code Type} of the replica the evm-server takes. */
    public static final String EVM_SERVER_INPUT_TYPE = "block-specimen";

    public long number() {
        return header.number();
    }

    /**
     * This replica in the form the network hands the evm-server (the published {@code specimen.json} files): typed
     * {@value #EVM_SERVER_INPUT_TYPE}, without the producer's receipts and without uncles. Everything the
     * execution reads is unchanged.
     */
    public BlockReplica asEvmServerInput() {
        return new BlockReplica(EVM_SERVER_INPUT_TYPE, networkId, hash, totalDifficulty, header, transactions, null,
                List.of(), senders, state, withdrawals, blobTxSidecars);
    }
}
