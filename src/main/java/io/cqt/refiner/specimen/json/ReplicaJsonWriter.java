package io.cqt.refiner.specimen.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cqt.refiner.specimen.BlobTxSidecar;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.specimen.avro.CodecVersion;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes a block replica as the JSON the evm-server takes, in the layout of the network's published
 * {@code specimen.json} files: 256-bit quantities as {@code "0x…"}, 64-bit ones as JSON numbers, byte strings in
 * base64, bloom and header nonce as arrays of numbers. The keys are those of the codec the replica was read with
 * (a field the codec does not have is left out); for a replica read from JSON, optional fields are written when set.
 */
public final class ReplicaJsonWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final boolean pretty;

    public ReplicaJsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** @param codec the codec the replica came from, or null when it came from JSON */
    public void write(BlockReplica replica, CodecVersion codec, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            new Writer(g, codec).replica(replica);
        }
    }

    private record Writer(JsonGenerator g, CodecVersion codec) {

        /** Whether a field introduced in {@code since} is written. */
        private boolean has(CodecVersion since, Object value) {
            return codec == null ? value != null : codec.isAtLeast(since);
        }

        void replica(BlockReplica r) throws IOException {
            g.writeStartObject();
            g.writeStringField("Type", r.type());
            g.writeNumberField("NetworkId", r.networkId());
            hash("Hash", r.hash());
            quantity("TotalDifficulty", r.totalDifficulty());
            g.writeFieldName("Header");
            header(r.header());
            g.writeArrayFieldStart("Transactions");
            for (Transaction t : r.transactions()) {
                transaction(t);
            }
            g.writeEndArray();
            if (r.uncles() != null) {
                g.writeArrayFieldStart("uncles");
                for (Header u : r.uncles()) {
                    header(u);
                }
                g.writeEndArray();
            }
            g.writeArrayFieldStart("Receipts");
            for (Receipt receipt : r.receipts()) {
                receipt(receipt);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("Senders");
            for (Address a : r.senders()) {
                g.writeString(a.toHex());
            }
            g.writeEndArray();
            state(r.state());
            if (has(CodecVersion.V0_33, r.withdrawals())) {
                g.writeFieldName("Withdrawals");
                if (r.withdrawals() == null) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (Withdrawal w : r.withdrawals()) {
                        g.writeStartObject();
                        g.writeNumberField("index", w.index());
                        g.writeNumberField("validatorIndex", w.validatorIndex());
                        address("address", w.address());
                        g.writeNumberField("amount", w.amount());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            }
            if (has(CodecVersion.V0_37, r.blobTxSidecars())) {
                g.writeFieldName("BlobTxSidecars");
                if (r.blobTxSidecars() == null) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (BlobTxSidecar s : r.blobTxSidecars()) {
                        g.writeStartObject();
                        byteStrings("Blobs", s.blobs());
                        byteStrings("Commitments", s.commitments());
                        byteStrings("Proofs", s.proofs());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        }

        void header(Header h) throws IOException {
            g.writeStartObject();
            hash("parentHash", h.parentHash());
            hash("sha3Uncles", h.sha3Uncles());
            address("miner", h.miner());
            hash("stateRoot", h.stateRoot());
            hash("transactionsRoot", h.transactionsRoot());
            hash("receiptsRoot", h.receiptsRoot());
            numbers("logsBloom", h.logsBloom());
            quantity("difficulty", h.difficulty());
            g.writeStringField("number", UInt256.of(h.number()).toHexQuantity());
            g.writeNumberField("gasLimit", h.gasLimit());
            g.writeNumberField("gasUsed", h.gasUsed());
            g.writeNumberField("timestamp", h.timestamp());
            g.writeStringField("extraData", h.extraData().toBase64());
            hash("mixHash", h.mixHash());
            numbers("nonce", h.nonce());
            quantity("baseFeePerGas", h.baseFeePerGas());
            if (has(CodecVersion.V0_32, h.withdrawalsRoot())) {
                hash("withdrawalsRoot", h.withdrawalsRoot());
            }
            if (has(CodecVersion.V0_36, h.blobGasUsed())) {
                number("blobGasUsed", h.blobGasUsed());
            }
            if (has(CodecVersion.V0_36, h.excessBlobGas())) {
                number("excessBlobGas", h.excessBlobGas());
            }
            if (has(CodecVersion.V0_36, h.parentBeaconBlockRoot())) {
                hash("parentBeaconBlockRoot", h.parentBeaconBlockRoot());
            }
            if (has(CodecVersion.V0_38, h.requestsHash())) {
                hash("requestsHash", h.requestsHash());
            }
            g.writeEndObject();
        }

        void transaction(Transaction t) throws IOException {
            g.writeStartObject();
            g.writeNumberField("type", t.type());
            g.writeArrayFieldStart("accessList");
            for (Transaction.AccessListEntry e : t.accessList()) {
                g.writeStartObject();
                address("address", e.address());
                hashes("storageKeys", e.storageKeys());
                g.writeEndObject();
            }
            g.writeEndArray();
            quantity("chainId", t.chainId());
            g.writeNumberField("nonce", t.nonce());
            quantity("gasPrice", t.gasPrice());
            g.writeNumberField("gas", t.gas());
            quantity("gasTipCap", t.gasTipCap());
            quantity("gasFeeCap", t.gasFeeCap());
            address("from", t.from());
            address("to", t.to());
            quantity("value", t.value());
            g.writeStringField("input", t.input().toBase64());
            quantity("v", t.v());
            quantity("r", t.r());
            quantity("s", t.s());
            if (has(CodecVersion.V0_37, t.blobFeeCap())) {
                quantity("blobFeeCap", t.blobFeeCap());
            }
            if (has(CodecVersion.V0_37, t.blobHashes())) {
                hashes("blobHashes", t.blobHashes());
            }
            if (has(CodecVersion.V0_37, t.blobGas())) {
                number("blobGas", t.blobGas());
            }
            if (has(CodecVersion.V0_38, t.data())) {
                g.writeStringField("Data", t.data());
            }
            if (has(CodecVersion.V0_38, t.authList())) {
                g.writeFieldName("AuthList");
                if (t.authList() == null) {
                    g.writeNull();
                } else {
                    g.writeStartArray();
                    for (Transaction.Authorization a : t.authList()) {
                        g.writeStartObject();
                        quantity("chainId", a.chainId());
                        address("address", a.address());
                        g.writeNumberField("nonce", a.nonce());
                        quantity("yParity", a.yParity());
                        quantity("r", a.r());
                        quantity("s", a.s());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        }

        void receipt(Receipt r) throws IOException {
            g.writeStartObject();
            g.writeStringField("PostStateOrStatus", r.postStateOrStatus().toBase64());
            g.writeNumberField("CumulativeGasUsed", r.cumulativeGasUsed());
            hash("TxHash", r.txHash());
            address("ContractAddress", r.contractAddress());
            g.writeArrayFieldStart("Logs");
            for (Receipt.Log l : r.logs()) {
                g.writeStartObject();
                address("address", l.address());
                hashes("topics", l.topics());
                g.writeStringField("data", l.data().toBase64());
                g.writeNumberField("blockNumber", l.blockNumber());
                hash("transactionHash", l.transactionHash());
                g.writeNumberField("transactionIndex", l.transactionIndex());
                hash("blockHash", l.blockHash());
                g.writeNumberField("logIndex", l.logIndex());
                g.writeBooleanField("removed", l.removed());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("GasUsed", r.gasUsed());
            g.writeEndObject();
        }

        void state(StateReads s) throws IOException {
            g.writeObjectFieldStart("State");
            g.writeArrayFieldStart("AccountRead");
            for (StateReads.AccountRead a : s.accountReads()) {
                g.writeStartObject();
                address("Address", a.address());
                g.writeNumberField("Nonce", a.nonce());
                quantity("Balance", a.balance());
                hash("CodeHash", a.codeHash());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("StorageRead");
            for (StateReads.StorageRead r : s.storageReads()) {
                g.writeStartObject();
                address("Account", r.account());
                hash("SlotKey", r.slotKey());
                hash("Value", r.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("CodeRead");
            for (StateReads.CodeRead c : s.codeReads()) {
                g.writeStartObject();
                hash("Hash", c.hash());
                g.writeStringField("Code", c.code().toBase64());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("BlockhashRead");
            for (StateReads.BlockhashRead b : s.blockhashReads()) {
                g.writeStartObject();
                g.writeNumberField("BlockNumber", b.blockNumber());
                hash("BlockHash", b.blockHash());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }

        private void hash(String name, Hash value) throws IOException {
            if (value == null) {
                g.writeNullField(name);
            } else {
                g.writeStringField(name, value.toHex());
            }
        }

        private void address(String name, Address value) throws IOException {
            if (value == null) {
                g.writeNullField(name);
            } else {
                g.writeStringField(name, value.toHex());
            }
        }

        private void quantity(String name, UInt256 value) throws IOException {
            if (value == null) {
                g.writeNullField(name);
            } else {
                g.writeStringField(name, value.toHexQuantity());
            }
        }

        private void number(String name, Long value) throws IOException {
            if (value == null) {
                g.writeNullField(name);
            } else {
                g.writeNumberField(name, value);
            }
        }

        private void numbers(String name, Bytes bytes) throws IOException {
            g.writeArrayFieldStart(name);
            for (int i = 0; i < bytes.size(); i++) {
                g.writeNumber(bytes.get(i) & 0xff);
            }
            g.writeEndArray();
        }

        private void hashes(String name, List<Hash> hashes) throws IOException {
            if (hashes == null) {
                g.writeNullField(name);
                return;
            }
            g.writeArrayFieldStart(name);
            for (Hash h : hashes) {
                g.writeString(h.toHex());
            }
            g.writeEndArray();
        }

        private void byteStrings(String name, List<Bytes> values) throws IOException {
            g.writeArrayFieldStart(name);
            for (Bytes b : values) {
                g.writeString(b.toBase64());
            }
            g.writeEndArray();
        }
    }
}
