package io.cqt.refiner.evm.frame;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/** Per-transaction values every frame shares: ORIGIN, GASPRICE and BLOBHASH's list. */
public record TxContext(Address origin, UInt256 gasPrice, List<Hash> blobHashes) {
    public TxContext {
        blobHashes = List.copyOf(blobHashes);
    }
}
