package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Hash;
import java.math.BigInteger;

/**
 * A {@code BlockSpecimenQuorum} event: the specimen of ({@code chainId}, {@code blockHeight}) reached quorum in
 * proof-chain block {@code proofChainBlock}.
 */
public record SpecimenQuorum(long chainId, long blockHeight, BigInteger validatorBitMap, Hash blockHash,
        Hash specimenHash, long proofChainBlock, Hash transactionHash) {

    /** The work-item key, as the reference refiner builds it. */
    public String key() {
        return chainId + "_" + blockHeight + "_" + blockHash.toHex().substring(2) + "_"
                + specimenHash.toHex().substring(2);
    }
}
