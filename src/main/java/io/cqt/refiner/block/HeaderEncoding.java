package io.cqt.refiner.block;

import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.types.Hash;
import java.util.List;

/**
 * The RLP of a block header and its hash (the block hash). The fields a fork added are appended in order when
 * present: baseFeePerGas (London), withdrawalsRoot (Shanghai), blobGasUsed, excessBlobGas, parentBeaconBlockRoot
 * (Cancun), requestsHash (Prague). Since they can only be appended, a present field after an absent one is an
 * error rather than a guess.
 */
public final class HeaderEncoding {
    private HeaderEncoding() {
    }

    public static byte[] encode(Header header) {
        return write(new RlpWriter(640), header).toByteArray();
    }

    /** keccak256 of the header's RLP: the block hash. */
    public static Hash hash(Header header) {
        return Hash.wrap(write(new RlpWriter(640), header).keccak());
    }

    /** keccak256(rlp([uncle headers])): the header's {@code sha3Uncles}. */
    public static Hash unclesHash(List<Header> uncles) {
        RlpWriter writer = new RlpWriter(640);
        writer.startList();
        for (Header uncle : uncles) {
            write(writer, uncle);
        }
        return Hash.wrap(writer.endList().keccak());
    }

    private static RlpWriter write(RlpWriter w, Header h) {
        Object[] optional = {h.baseFeePerGas(), h.withdrawalsRoot(), h.blobGasUsed(), h.excessBlobGas(),
            h.parentBeaconBlockRoot(), h.requestsHash()};
        int present = 0;
        while (present < optional.length && optional[present] != null) {
            present++;
        }
        for (int i = present; i < optional.length; i++) {
            if (optional[i] != null) {
                throw new IllegalArgumentException("header of block " + h.number() + " has " + FIELD_NAMES[i]
                        + " but not " + FIELD_NAMES[present] + ", which precedes it");
            }
        }
        w.startList()
                .writeHash(h.parentHash())
                .writeHash(h.sha3Uncles())
                .writeAddress(h.miner())
                .writeHash(h.stateRoot())
                .writeHash(h.transactionsRoot())
                .writeHash(h.receiptsRoot())
                .writeBytes(h.logsBloom())
                .writeUInt256(h.difficulty())
                .writeLong(h.number())
                .writeLong(h.gasLimit())
                .writeLong(h.gasUsed())
                .writeLong(h.timestamp())
                .writeBytes(h.extraData())
                .writeHash(h.mixHash())
                .writeBytes(h.nonce());
        if (present > 0) {
            w.writeUInt256(h.baseFeePerGas());
        }
        if (present > 1) {
            w.writeHash(h.withdrawalsRoot());
        }
        if (present > 2) {
            w.writeLong(h.blobGasUsed());
        }
        if (present > 3) {
            w.writeLong(h.excessBlobGas());
        }
        if (present > 4) {
            w.writeHash(h.parentBeaconBlockRoot());
        }
        if (present > 5) {
            w.writeHash(h.requestsHash());
        }
        return w.endList();
    }

    private static final String[] FIELD_NAMES = {"baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas",
        "parentBeaconBlockRoot", "requestsHash"};
}
