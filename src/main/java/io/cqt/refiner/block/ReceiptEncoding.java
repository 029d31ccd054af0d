package io.cqt.refiner.block;

import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import java.util.List;

/**
 * The consensus encoding of a receipt, as the receipts trie stores it: {@code rlp([status, cumulativeGasUsed,
 * bloom, logs])} with each log {@code [address, [topics...], data]}, prefixed by the transaction type for typed
 * transactions. Instances reuse one buffer: not thread-safe.
 */
public final class ReceiptEncoding {
    private static final byte[] FAILED = new byte[0];
    private static final byte[] SUCCEEDED = {1};

    private final RlpWriter writer = new RlpWriter(1024);

    /**
     * @param status the post-Byzantium status (empty for failure, {@code 01} for success) or a pre-Byzantium
     *               32-byte state root, written as given
     * @param bloom  the receipt's 256-byte bloom
     */
    public byte[] encode(int txType, Bytes status, long cumulativeGasUsed, Bloom bloom, List<Receipt.Log> logs) {
        writer.reset().startList()
                .writeBytes(status)
                .writeLong(cumulativeGasUsed)
                .writeBytes(bloom.array());
        writeLogs(writer, logs);
        writer.endList();
        if (txType == Transaction.LEGACY) {
            return writer.toByteArray();
        }
        byte[] out = new byte[1 + writer.encodedLength()];
        out[0] = (byte) txType;
        writer.writeTo(out, 1);
        return out;
    }

    /** A post-Byzantium receipt; the bloom is computed from the logs. */
    public byte[] encode(int txType, boolean success, long cumulativeGasUsed, List<Receipt.Log> logs) {
        return encode(txType, success, cumulativeGasUsed, Bloom.of(logs), logs);
    }

    /** A post-Byzantium receipt whose logs' bloom the caller has. */
    public byte[] encode(int txType, boolean success, long cumulativeGasUsed, Bloom bloom, List<Receipt.Log> logs) {
        return encode(txType, Bytes.wrap(success ? SUCCEEDED : FAILED), cumulativeGasUsed, bloom, logs);
    }

    /** A producer receipt of a transaction of type {@code txType}; the bloom is computed from its logs. */
    public byte[] encode(int txType, Receipt receipt) {
        return encode(txType, receipt.postStateOrStatus(), receipt.cumulativeGasUsed(), Bloom.of(receipt.logs()),
                receipt.logs());
    }

    /** keccak256(rlp(logs)), the logs hash the state tests check. */
    public static Hash logsHash(List<Receipt.Log> logs) {
        RlpWriter writer = new RlpWriter();
        writeLogs(writer, logs);
        return Hash.wrap(writer.keccak());
    }

    private static void writeLogs(RlpWriter writer, List<Receipt.Log> logs) {
        writer.startList();
        for (Receipt.Log log : logs) {
            writer.startList().writeAddress(log.address()).startList();
            for (Hash topic : log.topics()) {
                writer.writeHash(topic);
            }
            writer.endList().writeBytes(log.data() == null ? Bytes.EMPTY : log.data()).endList();
        }
        writer.endList();
    }
}
