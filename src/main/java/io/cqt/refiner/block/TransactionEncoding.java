package io.cqt.refiner.block;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/**
 * The consensus encoding of a specimen transaction (legacy: an RLP list; typed: {@code type || rlp(payload)}), its
 * hash, and the hash its sender signed. Where the specimen lost fields the encoding needs (codec 0.36 blob fields,
 * codec 0.38 authorization lists) the transaction is still encoded, with the missing field empty, and the loss is
 * named on the result: its bytes and hash then cannot be mainnet's. Instances reuse one buffer: not thread-safe.
 */
public final class TransactionEncoding {
    private final RlpWriter writer = new RlpWriter(1024);
    private final Keccak256 keccak = new Keccak256();

    /**
     * @param encoding the bytes stored in the transactions trie
     * @param hash     keccak256 of {@code encoding}, the transaction hash
     * @param loss     null when the specimen held every field; otherwise what was missing
     */
    public record Encoded(Bytes encoding, Hash hash, String loss) {
        public boolean isExact() {
            return loss == null;
        }
    }

    public Encoded encode(Transaction tx) {
        String loss = writePayload(tx, true);
        byte[] bytes = finish(tx.type());
        return new Encoded(Bytes.wrap(bytes), Hash.wrap(Keccak256.hash(bytes)), loss);
    }

    /** The encoding alone, for the transactions trie. */
    public byte[] encodeBytes(Transaction tx) {
        writePayload(tx, true);
        return finish(tx.type());
    }

    /**
     * The hash the sender signed: for legacy transactions keccak(rlp([nonce, gasPrice, gas, to, value, data])), with
     * {@code chainId, 0, 0} appended when the signature is EIP-155 protected; for typed ones keccak(type ||
     * rlp(payload without the signature)).
     */
    public Hash signingHash(Transaction tx) {
        writePayload(tx, false);
        if (tx.type() != Transaction.LEGACY) {
            keccak.update((byte) tx.type());
        }
        writer.writeTo(keccak);
        byte[] out = new byte[32];
        keccak.digest(out, 0);
        return Hash.wrap(out);
    }

    /**
     * The chain id a transaction is bound to: the stored one for typed transactions; for legacy ones the stored one
     * when present and non-zero, else the one its {@code v} encodes (EIP-155: v = 35 + 2 * chainId + parity), zero
     * for an unprotected signature (v of 27 or 28).
     */
    public static UInt256 chainId(Transaction tx) {
        if (tx.chainId() != null && (tx.type() != Transaction.LEGACY || !tx.chainId().isZero())) {
            return tx.chainId();
        }
        return tx.type() == Transaction.LEGACY && isEip155(tx) ? UInt256.of((v(tx).toLong() - 35) / 2) : UInt256.ZERO;
    }

    /** A legacy signature that commits to a chain id (v >= 35); v of 27/28 signs without one. */
    private static boolean isEip155(Transaction tx) {
        UInt256 v = v(tx);
        return v.fitsLong() && v.toLong() >= 35;
    }

    private static UInt256 v(Transaction tx) {
        return tx.v() == null ? UInt256.ZERO : tx.v();
    }

    /** Writes the RLP list of the payload; returns the loss, or null. */
    private String writePayload(Transaction tx, boolean withSignature) {
        writer.reset().startList();
        String loss = null;
        switch (tx.type()) {
            case Transaction.LEGACY -> {
                writeCommon(tx.nonce(), tx.gasPrice(), tx);
                if (withSignature) {
                    writeSignature(tx);
                } else {
                    if (isEip155(tx)) {
                        writer.writeUInt256(chainId(tx)).writeLong(0).writeLong(0);
                    }
                }
            }
            case Transaction.ACCESS_LIST -> {
                writer.writeUInt256(chainId(tx));
                writeCommon(tx.nonce(), tx.gasPrice(), tx);
                writeAccessList(tx.accessList());
                if (withSignature) {
                    writeSignature(tx);
                }
            }
            case Transaction.DYNAMIC_FEE, Transaction.BLOB, Transaction.SET_CODE -> {
                writer.writeUInt256(chainId(tx)).writeLong(tx.nonce())
                        .writeUInt256(orZero(tx.gasTipCap())).writeUInt256(orZero(tx.gasFeeCap()));
                writeTail(tx);
                writeAccessList(tx.accessList());
                if (tx.type() == Transaction.BLOB) {
                    loss = writeBlobFields(tx);
                } else if (tx.type() == Transaction.SET_CODE) {
                    loss = writeAuthorizations(tx.authList());
                }
                if (withSignature) {
                    writeSignature(tx);
                }
            }
            default -> throw new IllegalArgumentException("transaction type " + tx.type() + " is not one of 0-4");
        }
        writer.endList();
        if (withSignature && (tx.r() == null || tx.s() == null)) {
            String missing = "transaction without its signature (r, s absent): encoding and hash cannot be mainnet's";
            return loss == null ? missing : loss + "; " + missing;
        }
        return loss;
    }

    /** nonce, gasPrice, then gas, to, value, data. */
    private void writeCommon(long nonce, UInt256 gasPrice, Transaction tx) {
        writer.writeLong(nonce).writeUInt256(orZero(gasPrice));
        writeTail(tx);
    }

    /** gas, to (empty for a creation), value, data. */
    private void writeTail(Transaction tx) {
        writer.writeLong(tx.gas());
        if (tx.to() == null) {
            writer.writeBytes(Bytes.EMPTY);
        } else {
            writer.writeAddress(tx.to());
        }
        writer.writeUInt256(orZero(tx.value())).writeBytes(tx.input() == null ? Bytes.EMPTY : tx.input());
    }

    private void writeAccessList(List<Transaction.AccessListEntry> accessList) {
        writer.startList();
        for (Transaction.AccessListEntry entry : accessList) {
            writer.startList().writeAddress(entry.address()).startList();
            for (Hash key : entry.storageKeys()) {
                writer.writeHash(key);
            }
            writer.endList().endList();
        }
        writer.endList();
    }

    private String writeBlobFields(Transaction tx) {
        writer.writeUInt256(orZero(tx.blobFeeCap())).startList();
        if (tx.blobHashes() != null) {
            for (Hash hash : tx.blobHashes()) {
                writer.writeHash(hash);
            }
        }
        writer.endList();
        if (tx.blobFeeCap() == null || tx.blobHashes() == null) {
            return "blob transaction without " + (tx.blobFeeCap() == null ? "blob fee cap" : "")
                    + (tx.blobFeeCap() == null && tx.blobHashes() == null ? " and " : "")
                    + (tx.blobHashes() == null ? "blob versioned hashes" : "")
                    + " (codec 0.36 drops them): encoding and hash cannot be mainnet's";
        }
        return null;
    }

    private String writeAuthorizations(List<Transaction.Authorization> authList) {
        writer.startList();
        if (authList != null) {
            for (Transaction.Authorization auth : authList) {
                writer.startList().writeUInt256(auth.chainId()).writeAddress(auth.address()).writeLong(auth.nonce())
                        .writeUInt256(auth.yParity()).writeUInt256(auth.r()).writeUInt256(auth.s()).endList();
            }
        }
        writer.endList();
        return authList == null
                ? "set-code transaction without its authorization list (codec 0.38 drops it): encoding and hash "
                        + "cannot be mainnet's"
                : null;
    }

    private void writeSignature(Transaction tx) {
        writer.writeUInt256(v(tx)).writeUInt256(orZero(tx.r())).writeUInt256(orZero(tx.s()));
    }

    private byte[] finish(int type) {
        if (type == Transaction.LEGACY) {
            return writer.toByteArray();
        }
        byte[] out = new byte[1 + writer.encodedLength()];
        out[0] = (byte) type;
        writer.writeTo(out, 1);
        return out;
    }

    private static UInt256 orZero(UInt256 value) {
        return value == null ? UInt256.ZERO : value;
    }
}
