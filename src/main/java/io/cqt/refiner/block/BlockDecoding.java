package io.cqt.refiner.block;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.rlp.RlpException;
import io.cqt.refiner.rlp.RlpReader;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a block from its consensus RLP, {@code [header, transactions, uncles]} plus {@code withdrawals} from
 * Shanghai on, strictly: canonical RLP only, no trailing bytes, every list of the exact length its type has. Typed
 * transactions are byte strings {@code type || rlp(payload)} (EIP-2718). The inverse of {@link HeaderEncoding} and
 * {@link TransactionEncoding}.
 */
public final class BlockDecoding {
    private BlockDecoding() {
    }

    /** The header fields before London; each later fork appends one or more (see {@link HeaderEncoding}). */
    private static final int BASE_HEADER_FIELDS = 15;
    private static final int MAX_HEADER_FIELDS = 21;

    /**
     * A decoded block.
     *
     * @param hash         keccak256 of the header's RLP as given
     * @param transactions the raw encodings, as the transactions trie stores them, index-aligned with
     *                     {@code transactions}
     * @param withdrawals  null when the block has no withdrawals list (before Shanghai)
     * @param size         the length of the block's RLP in bytes (EIP-7934)
     */
    public record Block(Header header, Hash hash, List<Transaction> transactions, List<byte[]> encodedTransactions,
                        List<Header> uncles, List<Withdrawal> withdrawals, int size) {
        public Block {
            transactions = List.copyOf(transactions);
            encodedTransactions = List.copyOf(encodedTransactions);
            uncles = List.copyOf(uncles);
            withdrawals = withdrawals == null ? null : List.copyOf(withdrawals);
        }
    }

    /**
     * @throws RlpException      when the bytes are not a canonical block encoding
     * @throws SpecimenException when a field has an impossible value (a bloom of the wrong size, an unknown type)
     */
    public static Block decode(byte[] rlp) {
        RlpReader r = new RlpReader(rlp);
        r.enterList();
        byte[] rawHeader = r.readRaw();
        Header header = header(rawHeader);
        List<Transaction> txs = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        r.enterList();
        while (r.hasNext()) {
            if (r.nextIsList()) {
                byte[] raw = r.readRaw();
                encoded.add(raw);
                txs.add(legacy(new RlpReader(raw)));
            } else {
                byte[] typed = r.readBytes();
                encoded.add(typed);
                txs.add(typed(typed));
            }
        }
        r.leaveList();
        List<Header> uncles = new ArrayList<>();
        r.enterList();
        while (r.hasNext()) {
            uncles.add(header(r.readRaw()));
        }
        r.leaveList();
        List<Withdrawal> withdrawals = null;
        if (r.hasNext()) {
            withdrawals = new ArrayList<>();
            r.enterList();
            while (r.hasNext()) {
                r.enterList();
                withdrawals.add(new Withdrawal(uint64(r), uint64(r), r.readAddress(), uint64(r)));
                r.leaveList();
            }
            r.leaveList();
        }
        r.leaveList();
        r.requireEnd();
        return new Block(header, Hash.wrap(Keccak256.hash(rawHeader)), txs, encoded, uncles, withdrawals,
                rlp.length);
    }

    /** A header from its RLP list; the fields a fork appended are present when the list holds them. */
    public static Header header(byte[] rlp) {
        RlpReader r = new RlpReader(rlp);
        r.enterList();
        Hash parentHash = r.readHash();
        Hash uncles = r.readHash();
        Address miner = r.readAddress();
        Hash stateRoot = r.readHash();
        Hash txRoot = r.readHash();
        Hash receiptsRoot = r.readHash();
        Bytes bloom = Bytes.wrap(r.readBytes());
        UInt256 difficulty = r.readUInt256();
        long number = r.readLong();
        long gasLimit = r.readLong();
        long gasUsed = r.readLong();
        long timestamp = uint64(r);
        Bytes extraData = Bytes.wrap(r.readBytes());
        Hash mixHash = r.readHash();
        Bytes nonce = Bytes.wrap(r.readBytes());
        int fields = BASE_HEADER_FIELDS;
        UInt256 baseFee = null;
        Hash withdrawalsRoot = null;
        Long blobGasUsed = null;
        Long excessBlobGas = null;
        Hash beaconRoot = null;
        Hash requestsHash = null;
        for (; r.hasNext() && fields < MAX_HEADER_FIELDS; fields++) {
            switch (fields) {
                case 15 -> baseFee = r.readUInt256();
                case 16 -> withdrawalsRoot = r.readHash();
                case 17 -> blobGasUsed = r.readLong();
                case 18 -> excessBlobGas = r.readLong();
                case 19 -> beaconRoot = r.readHash();
                default -> requestsHash = r.readHash();
            }
        }
        r.leaveList();
        r.requireEnd();
        return new Header(parentHash, uncles, miner, stateRoot, txRoot, receiptsRoot, bloom, difficulty, number,
                gasLimit, gasUsed, timestamp, extraData, mixHash, nonce, baseFee, withdrawalsRoot, blobGasUsed,
                excessBlobGas, beaconRoot, requestsHash);
    }

    /** {@code [nonce, gasPrice, gas, to, value, data, v, r, s]}. */
    private static Transaction legacy(RlpReader r) {
        r.enterList();
        long nonce = uint64(r);
        UInt256 gasPrice = r.readUInt256();
        long gas = uint64(r);
        Address to = to(r);
        UInt256 value = r.readUInt256();
        Bytes data = Bytes.wrap(r.readBytes());
        UInt256 v = r.readUInt256();
        UInt256 sigR = r.readUInt256();
        UInt256 sigS = r.readUInt256();
        r.leaveList();
        r.requireEnd();
        return new Transaction(Transaction.LEGACY, List.of(), null, nonce, gasPrice, gasPrice, gasPrice, gas, null, to,
                value, data, v, sigR, sigS, null, null, null, null, null);
    }

    /** EIP-2930, EIP-1559, EIP-4844 and EIP-7702 payloads after their type byte. */
    private static Transaction typed(byte[] typed) {
        if (typed.length == 0) {
            throw new SpecimenException("empty typed transaction");
        }
        int type = typed[0] & 0xff;
        if (type < Transaction.ACCESS_LIST || type > Transaction.SET_CODE) {
            throw new SpecimenException("transaction type " + type + " is not one of 1-4");
        }
        RlpReader r = new RlpReader(typed, 1, typed.length - 1);
        r.enterList();
        UInt256 chainId = r.readUInt256();
        long nonce = uint64(r);
        UInt256 gasPrice = null;
        UInt256 tipCap;
        UInt256 feeCap;
        if (type == Transaction.ACCESS_LIST) {
            gasPrice = r.readUInt256();
            tipCap = gasPrice;
            feeCap = gasPrice;
        } else {
            tipCap = r.readUInt256();
            feeCap = r.readUInt256();
        }
        long gas = uint64(r);
        Address to = to(r);
        UInt256 value = r.readUInt256();
        Bytes data = Bytes.wrap(r.readBytes());
        List<Transaction.AccessListEntry> accessList = accessList(r);
        UInt256 blobFeeCap = null;
        List<Hash> blobHashes = null;
        List<Transaction.Authorization> auths = null;
        if (type == Transaction.BLOB) {
            blobFeeCap = r.readUInt256();
            blobHashes = new ArrayList<>();
            r.enterList();
            while (r.hasNext()) {
                blobHashes.add(r.readHash());
            }
            r.leaveList();
        } else if (type == Transaction.SET_CODE) {
            auths = new ArrayList<>();
            r.enterList();
            while (r.hasNext()) {
                r.enterList();
                auths.add(new Transaction.Authorization(r.readUInt256(), r.readAddress(), uint64(r), r.readUInt256(),
                        r.readUInt256(), r.readUInt256()));
                r.leaveList();
            }
            r.leaveList();
        }
        UInt256 yParity = r.readUInt256();
        UInt256 sigR = r.readUInt256();
        UInt256 sigS = r.readUInt256();
        r.leaveList();
        r.requireEnd();
        if ((type == Transaction.BLOB || type == Transaction.SET_CODE) && to == null) {
            throw new SpecimenException("a type-" + type + " transaction must have a recipient");
        }
        return new Transaction(type, accessList, chainId, nonce, gasPrice, tipCap, feeCap, gas, null, to, value, data,
                yParity, sigR, sigS, blobFeeCap, blobHashes, null, null, auths);
    }

    private static List<Transaction.AccessListEntry> accessList(RlpReader r) {
        List<Transaction.AccessListEntry> out = new ArrayList<>();
        r.enterList();
        while (r.hasNext()) {
            r.enterList();
            Address address = r.readAddress();
            List<Hash> keys = new ArrayList<>();
            r.enterList();
            while (r.hasNext()) {
                keys.add(r.readHash());
            }
            r.leaveList();
            r.leaveList();
            out.add(new Transaction.AccessListEntry(address, keys));
        }
        r.leaveList();
        return out;
    }

    /** A recipient: 20 bytes, or the empty string for a contract creation. */
    private static Address to(RlpReader r) {
        byte[] to = r.readBytes();
        if (to.length == 0) {
            return null;
        }
        if (to.length != Address.SIZE) {
            throw new SpecimenException("recipient of " + to.length + " bytes");
        }
        return Address.wrap(to);
    }

    /** An unsigned 64-bit integer (nonces, gas, withdrawal fields), as a long holding its bits. */
    private static long uint64(RlpReader r) {
        UInt256 v = r.readUInt256();
        if (v.bitLength() > 64) {
            throw new SpecimenException("integer " + v + " exceeds 64 bits");
        }
        return v.u0();
    }
}
