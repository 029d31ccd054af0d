package io.cqt.refiner.specimen;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;

/**
 * A block header as the specimen carries it. Fields a fork has not introduced yet are null: {@code baseFeePerGas}
 * before London, {@code withdrawalsRoot} before Shanghai, the blob and beacon fields before Cancun,
 * {@code requestsHash} before Prague.
 *
 * @param logsBloom 256 bytes
 * @param nonce     8 bytes
 */
public record Header(
        Hash parentHash,
        Hash sha3Uncles,
        Address miner,
        Hash stateRoot,
        Hash transactionsRoot,
        Hash receiptsRoot,
        Bytes logsBloom,
        UInt256 difficulty,
        long number,
        long gasLimit,
        long gasUsed,
        long timestamp,
        Bytes extraData,
        Hash mixHash,
        Bytes nonce,
        UInt256 baseFeePerGas,
        Hash withdrawalsRoot,
        Long blobGasUsed,
        Long excessBlobGas,
        Hash parentBeaconBlockRoot,
        Hash requestsHash) {

    public static final int BLOOM_SIZE = 256;
    public static final int NONCE_SIZE = 8;

    public Header {
        if (logsBloom.size() != BLOOM_SIZE) {
            throw new SpecimenException("Header.logsBloom has " + logsBloom.size() + " bytes, expected 256");
        }
        if (nonce.size() != NONCE_SIZE) {
            throw new SpecimenException("Header.nonce has " + nonce.size() + " bytes, expected 8");
        }
    }
}
