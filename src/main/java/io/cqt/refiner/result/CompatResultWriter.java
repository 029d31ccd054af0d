package io.cqt.refiner.result;

import io.cqt.refiner.specimen.BlobTxSidecar;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Transaction.AccessListEntry;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a {@link BlockResult} as the exact bytes one reference evm-server release produces ({@code compat}
 * format): Go's {@code json.MarshalIndent(result, "", " ")} of that release's structs, whose keys its
 * {@link CompatProfile} names. Operators prove the SHA-256 of these bytes, so every key, space and digit matters.
 * Stateless and thread-safe.
 *
 * <p>Go encodings by field type: big integers ({@code *big.Int} as hexutil) {@code "0x…"} minimal; {@code uint64}
 * decimal numbers; hashes and addresses full-width hex; {@code []byte} base64 ({@code null} when absent); bloom and
 * header nonce (byte arrays without a text form) arrays of numbers; blob sidecar items (kzg4844 types, which have a
 * text form) hex strings.
 */
public final class CompatResultWriter {
    private static final byte[] TYPE = GoJsonWriter.key("Type");
    private static final byte[] NETWORK_ID = GoJsonWriter.key("NetworkId");
    private static final byte[] HASH = GoJsonWriter.key("Hash");
    private static final byte[] TOTAL_DIFFICULTY = GoJsonWriter.key("TotalDifficulty");
    private static final byte[] HEADER = GoJsonWriter.key("Header");
    private static final byte[] TRANSACTIONS = GoJsonWriter.key("Transactions");
    private static final byte[] UNCLES = GoJsonWriter.key("uncles");
    private static final byte[] RECEIPTS = GoJsonWriter.key("Receipts");
    private static final byte[] SENDERS = GoJsonWriter.key("Senders");
    private static final byte[] STATE = GoJsonWriter.key("State");
    private static final byte[] WITHDRAWALS = GoJsonWriter.key("Withdrawals");
    private static final byte[] BLOB_TX_SIDECARS = GoJsonWriter.key("BlobTxSidecars");

    private static final byte[] PARENT_HASH = GoJsonWriter.key("parentHash");
    private static final byte[] SHA3_UNCLES = GoJsonWriter.key("sha3Uncles");
    private static final byte[] MINER = GoJsonWriter.key("miner");
    private static final byte[] STATE_ROOT = GoJsonWriter.key("stateRoot");
    private static final byte[] TRANSACTIONS_ROOT = GoJsonWriter.key("transactionsRoot");
    private static final byte[] RECEIPTS_ROOT = GoJsonWriter.key("receiptsRoot");
    private static final byte[] LOGS_BLOOM = GoJsonWriter.key("logsBloom");
    private static final byte[] DIFFICULTY = GoJsonWriter.key("difficulty");
    private static final byte[] NUMBER = GoJsonWriter.key("number");
    private static final byte[] GAS_LIMIT = GoJsonWriter.key("gasLimit");
    private static final byte[] GAS_USED = GoJsonWriter.key("gasUsed");
    private static final byte[] TIMESTAMP = GoJsonWriter.key("timestamp");
    private static final byte[] EXTRA_DATA = GoJsonWriter.key("extraData");
    private static final byte[] MIX_HASH = GoJsonWriter.key("mixHash");
    private static final byte[] NONCE = GoJsonWriter.key("nonce");
    private static final byte[] BASE_FEE_PER_GAS = GoJsonWriter.key("baseFeePerGas");
    private static final byte[] WITHDRAWALS_ROOT = GoJsonWriter.key("withdrawalsRoot");
    private static final byte[] BLOB_GAS_USED = GoJsonWriter.key("blobGasUsed");
    private static final byte[] EXCESS_BLOB_GAS = GoJsonWriter.key("excessBlobGas");
    private static final byte[] PARENT_BEACON_BLOCK_ROOT = GoJsonWriter.key("parentBeaconBlockRoot");

    private static final byte[] TX_TYPE = GoJsonWriter.key("type");
    private static final byte[] ACCESS_LIST = GoJsonWriter.key("accessList");
    private static final byte[] CHAIN_ID = GoJsonWriter.key("chainId");
    private static final byte[] GAS_PRICE = GoJsonWriter.key("gasPrice");
    private static final byte[] GAS = GoJsonWriter.key("gas");
    private static final byte[] GAS_TIP_CAP = GoJsonWriter.key("gasTipCap");
    private static final byte[] GAS_FEE_CAP = GoJsonWriter.key("gasFeeCap");
    private static final byte[] FROM = GoJsonWriter.key("from");
    private static final byte[] TO = GoJsonWriter.key("to");
    private static final byte[] VALUE = GoJsonWriter.key("value");
    private static final byte[] INPUT = GoJsonWriter.key("input");
    private static final byte[] V = GoJsonWriter.key("v");
    private static final byte[] R = GoJsonWriter.key("r");
    private static final byte[] S = GoJsonWriter.key("s");
    private static final byte[] BLOB_FEE_CAP = GoJsonWriter.key("blobFeeCap");
    private static final byte[] BLOB_HASHES = GoJsonWriter.key("blobHashes");
    private static final byte[] BLOB_GAS = GoJsonWriter.key("blobGas");
    private static final byte[] ADDRESS = GoJsonWriter.key("address");
    private static final byte[] STORAGE_KEYS = GoJsonWriter.key("storageKeys");

    private static final byte[] POST_STATE_OR_STATUS = GoJsonWriter.key("PostStateOrStatus");
    private static final byte[] CUMULATIVE_GAS_USED = GoJsonWriter.key("CumulativeGasUsed");
    private static final byte[] TX_HASH = GoJsonWriter.key("TxHash");
    private static final byte[] CONTRACT_ADDRESS = GoJsonWriter.key("ContractAddress");
    private static final byte[] LOGS = GoJsonWriter.key("Logs");
    private static final byte[] RECEIPT_GAS_USED = GoJsonWriter.key("GasUsed");

    private static final byte[] TOPICS = GoJsonWriter.key("topics");
    private static final byte[] DATA = GoJsonWriter.key("data");
    private static final byte[] BLOCK_NUMBER = GoJsonWriter.key("blockNumber");
    private static final byte[] TRANSACTION_HASH = GoJsonWriter.key("transactionHash");
    private static final byte[] TRANSACTION_INDEX = GoJsonWriter.key("transactionIndex");
    private static final byte[] BLOCK_HASH = GoJsonWriter.key("blockHash");
    private static final byte[] LOG_INDEX = GoJsonWriter.key("logIndex");
    private static final byte[] REMOVED = GoJsonWriter.key("removed");

    private static final byte[] BLOBS = GoJsonWriter.key("Blobs");
    private static final byte[] COMMITMENTS = GoJsonWriter.key("Commitments");
    private static final byte[] PROOFS = GoJsonWriter.key("Proofs");

    private final CompatProfile profile;

    /** The layout of the default (newest public) release. */
    public CompatResultWriter() {
        this(CompatProfiles.DEFAULT);
    }

    public CompatResultWriter(CompatProfile profile) {
        this.profile = profile;
    }

    public CompatProfile profile() {
        return profile;
    }

    /** Writes the result to {@code out} and flushes it; the stream stays open. */
    public void write(BlockResult result, OutputStream out) {
        GoJsonWriter json = new GoJsonWriter(out);
        json.beginObject();
        json.name(TYPE);
        string(json, result.type());
        json.name(NETWORK_ID);
        json.unsignedValue(result.networkId());
        json.name(HASH);
        hash(json, result.hash());
        json.name(TOTAL_DIFFICULTY);
        quantity(json, result.totalDifficulty());
        json.name(HEADER);
        header(json, result.header());
        json.name(TRANSACTIONS);
        if (result.transactions() == null) {
            json.nullValue();
        } else {
            json.beginArray();
            for (ResultTransaction tx : result.transactions()) {
                transaction(json, tx);
            }
            json.endArray();
        }
        json.name(UNCLES);
        json.nullValue();
        json.name(RECEIPTS);
        if (result.receipts() == null) {
            json.nullValue();
        } else {
            json.beginArray();
            for (Receipt receipt : result.receipts()) {
                receipt(json, receipt);
            }
            json.endArray();
        }
        json.name(SENDERS);
        addresses(json, result.senders());
        json.name(STATE);
        json.nullValue();
        json.name(WITHDRAWALS);
        json.nullValue();
        if (!profile.sidecarsKey()) {
            json.endObject();
            json.finish();
            return;
        }
        json.name(BLOB_TX_SIDECARS);
        if (result.blobTxSidecars() == null) {
            json.nullValue();
        } else {
            json.beginArray();
            for (BlobTxSidecar sidecar : result.blobTxSidecars()) {
                sidecar(json, sidecar);
            }
            json.endArray();
        }
        json.endObject();
        json.finish();
    }

    /** The compat bytes of the result. */
    public byte[] toBytes(BlockResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        write(result, out);
        return out.toByteArray();
    }

    private static void header(GoJsonWriter json, Header h) {
        if (h == null) {
            json.nullValue();
            return;
        }
        json.beginObject();
        json.name(PARENT_HASH);
        hash(json, h.parentHash());
        json.name(SHA3_UNCLES);
        hash(json, h.sha3Uncles());
        json.name(MINER);
        address(json, h.miner());
        json.name(STATE_ROOT);
        hash(json, h.stateRoot());
        json.name(TRANSACTIONS_ROOT);
        hash(json, h.transactionsRoot());
        json.name(RECEIPTS_ROOT);
        hash(json, h.receiptsRoot());
        json.name(LOGS_BLOOM);
        json.byteArrayAsNumbers(h.logsBloom().array());
        json.name(DIFFICULTY);
        quantity(json, h.difficulty());
        json.name(NUMBER);
        json.quantity(h.number());
        json.name(GAS_LIMIT);
        json.unsignedValue(h.gasLimit());
        json.name(GAS_USED);
        json.unsignedValue(h.gasUsed());
        json.name(TIMESTAMP);
        json.unsignedValue(h.timestamp());
        json.name(EXTRA_DATA);
        base64(json, h.extraData());
        json.name(MIX_HASH);
        hash(json, h.mixHash());
        json.name(NONCE);
        json.byteArrayAsNumbers(h.nonce().array());
        json.name(BASE_FEE_PER_GAS);
        quantity(json, h.baseFeePerGas());
        json.name(WITHDRAWALS_ROOT);
        hash(json, h.withdrawalsRoot());
        json.name(BLOB_GAS_USED);
        optionalNumber(json, h.blobGasUsed());
        json.name(EXCESS_BLOB_GAS);
        optionalNumber(json, h.excessBlobGas());
        json.name(PARENT_BEACON_BLOCK_ROOT);
        hash(json, h.parentBeaconBlockRoot());
        // No public release has a requestsHash key (not even the Pectra one's structs): a Prague block has none.
        json.endObject();
    }

    private void transaction(GoJsonWriter json, ResultTransaction tx) {
        json.beginObject();
        json.name(TX_TYPE);
        json.unsignedValue(tx.type());
        json.name(ACCESS_LIST);
        if (tx.accessList() == null) {
            json.nullValue();
        } else {
            json.beginArray();
            for (AccessListEntry entry : tx.accessList()) {
                json.beginObject();
                json.name(ADDRESS);
                address(json, entry.address());
                json.name(STORAGE_KEYS);
                hashes(json, entry.storageKeys());
                json.endObject();
            }
            json.endArray();
        }
        json.name(CHAIN_ID);
        quantity(json, tx.chainId());
        json.name(NONCE);
        json.unsignedValue(tx.nonce());
        json.name(GAS_PRICE);
        quantity(json, tx.gasPrice());
        json.name(GAS);
        json.unsignedValue(tx.gas());
        json.name(GAS_TIP_CAP);
        quantity(json, tx.gasTipCap());
        json.name(GAS_FEE_CAP);
        quantity(json, tx.gasFeeCap());
        json.name(FROM);
        address(json, tx.from());
        json.name(TO);
        address(json, tx.to());
        json.name(VALUE);
        quantity(json, tx.value());
        json.name(INPUT);
        base64(json, tx.input());
        boolean signatures = profile.signatures() == CompatProfile.Signatures.VALUES;
        json.name(V);
        quantity(json, signatures ? tx.v() : null);
        json.name(R);
        quantity(json, signatures ? tx.r() : null);
        json.name(S);
        quantity(json, signatures ? tx.s() : null);
        if (!profile.blobFieldKeys()) {
            json.endObject();
            return;
        }
        json.name(BLOB_FEE_CAP);
        quantity(json, tx.blobFeeCap());
        json.name(BLOB_HASHES);
        hashes(json, tx.blobHashes());
        json.name(BLOB_GAS);
        json.unsignedValue(tx.blobGas());
        json.endObject();
    }

    private static void receipt(GoJsonWriter json, Receipt receipt) {
        json.beginObject();
        json.name(POST_STATE_OR_STATUS);
        base64(json, receipt.postStateOrStatus());
        json.name(CUMULATIVE_GAS_USED);
        json.unsignedValue(receipt.cumulativeGasUsed());
        json.name(TX_HASH);
        hash(json, receipt.txHash());
        json.name(CONTRACT_ADDRESS);
        address(json, receipt.contractAddress());
        json.name(LOGS);
        json.beginArray();
        for (Receipt.Log log : receipt.logs()) {
            log(json, log);
        }
        json.endArray();
        json.name(RECEIPT_GAS_USED);
        json.unsignedValue(receipt.gasUsed());
        json.endObject();
    }

    private static void log(GoJsonWriter json, Receipt.Log log) {
        json.beginObject();
        json.name(ADDRESS);
        address(json, log.address());
        json.name(TOPICS);
        hashes(json, log.topics());
        json.name(DATA);
        base64(json, log.data());
        json.name(BLOCK_NUMBER);
        json.unsignedValue(log.blockNumber());
        json.name(TRANSACTION_HASH);
        hash(json, log.transactionHash());
        json.name(TRANSACTION_INDEX);
        json.unsignedValue(Integer.toUnsignedLong(log.transactionIndex()));
        json.name(BLOCK_HASH);
        hash(json, log.blockHash());
        json.name(LOG_INDEX);
        json.unsignedValue(Integer.toUnsignedLong(log.logIndex()));
        json.name(REMOVED);
        json.boolValue(log.removed());
        json.endObject();
    }

    private static void sidecar(GoJsonWriter json, BlobTxSidecar sidecar) {
        json.beginObject();
        json.name(BLOBS);
        hexList(json, sidecar.blobs());
        json.name(COMMITMENTS);
        hexList(json, sidecar.commitments());
        json.name(PROOFS);
        hexList(json, sidecar.proofs());
        json.endObject();
    }

    private static void hexList(GoJsonWriter json, List<Bytes> items) {
        json.beginArray();
        for (Bytes item : items) {
            json.hexBytes(item.array());
        }
        json.endArray();
    }

    private static void hashes(GoJsonWriter json, List<Hash> hashes) {
        if (hashes == null) {
            json.nullValue();
            return;
        }
        json.beginArray();
        for (Hash hash : hashes) {
            hash(json, hash);
        }
        json.endArray();
    }

    private static void addresses(GoJsonWriter json, List<Address> addresses) {
        if (addresses == null) {
            json.nullValue();
            return;
        }
        json.beginArray();
        for (Address address : addresses) {
            address(json, address);
        }
        json.endArray();
    }

    private static void string(GoJsonWriter json, String value) {
        if (value == null) {
            json.nullValue();
        } else {
            json.stringValue(value);
        }
    }

    private static void hash(GoJsonWriter json, Hash hash) {
        if (hash == null) {
            json.nullValue();
        } else {
            json.hexBytes(hash.array());
        }
    }

    private static void address(GoJsonWriter json, Address address) {
        if (address == null) {
            json.nullValue();
        } else {
            json.hexBytes(address.array());
        }
    }

    private static void quantity(GoJsonWriter json, UInt256 value) {
        if (value == null) {
            json.nullValue();
        } else {
            json.quantity(value);
        }
    }

    private static void base64(GoJsonWriter json, Bytes bytes) {
        if (bytes == null) {
            json.nullValue();
        } else {
            json.base64(bytes.array());
        }
    }

    private static void optionalNumber(GoJsonWriter json, Long value) {
        if (value == null) {
            json.nullValue();
        } else {
            json.unsignedValue(value);
        }
    }
}
