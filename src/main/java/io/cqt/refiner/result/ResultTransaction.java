package io.cqt.refiner.result;

import io.cqt.refiner.specimen.Transaction.AccessListEntry;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/**
 * A transaction as the reference evm-server writes it in a block result (components in its key order). For types
 * 2 and 3 {@code gasPrice} is the tip; for types 0 and 1 tip and fee cap equal the gas price; {@code blobFeeCap}
 * and {@code blobHashes} are null unless type 3, and {@code blobGas} is 131072 per blob. {@code to} is null for a
 * contract creation; a null list or byte string is written as JSON {@code null}, an empty one as {@code []} / {@code ""}.
 */
public record ResultTransaction(
        int type,
        List<AccessListEntry> accessList,
        UInt256 chainId,
        long nonce,
        UInt256 gasPrice,
        long gas,
        UInt256 gasTipCap,
        UInt256 gasFeeCap,
        Address from,
        Address to,
        UInt256 value,
        Bytes input,
        UInt256 v,
        UInt256 r,
        UInt256 s,
        UInt256 blobFeeCap,
        List<Hash> blobHashes,
        long blobGas) {

    public ResultTransaction {
        accessList = accessList == null ? null : List.copyOf(accessList);
        blobHashes = blobHashes == null ? null : List.copyOf(blobHashes);
    }
}
