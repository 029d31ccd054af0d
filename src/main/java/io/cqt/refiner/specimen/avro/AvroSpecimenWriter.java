package io.cqt.refiner.specimen.avro;

import io.cqt.refiner.specimen.BlobTxSidecar;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Segment;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Writes a segment in a specimen codec the way the producer does (hex text in "decimal" bytes, base64 strings),
 * through Avro's own generic writer. Fields the codec does not have are dropped. Not on a hot path: it serves
 * tooling and tests (the project's generated specimen, and an independent check of {@link AvroSpecimenReader}).
 */
public final class AvroSpecimenWriter {

    public byte[] write(Segment segment, CodecVersion codec) {
        Schema schema = SpecimenSchemas.of(codec);
        GenericRecord root = new GenericData.Record(schema);
        Schema eventSchema = schema.getField("replicaEvent").schema().getElementType();
        root.put("replicaEvent", list(schema.getField("replicaEvent").schema(), segment.replicaEvents(), e -> {
            GenericRecord event = new GenericData.Record(eventSchema);
            event.put("hash", e.hash());
            event.put("data", replica(eventSchema.getField("data").schema(), e.data()));
            return event;
        }));
        root.put("startBlock", segment.startBlock());
        root.put("endBlock", segment.endBlock());
        root.put("elements", segment.elements());
        root.put("codecVersion", segment.codecVersion() == null ? codec.number() : segment.codecVersion());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(root, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericRecord replica(Schema schema, BlockReplica r) {
        GenericRecord g = new GenericData.Record(schema);
        g.put("Type", r.type());
        g.put("NetworkId", (int) r.networkId());
        g.put("Hash", hex(r.hash()));
        g.put("TotalDifficulty", decimal(r.totalDifficulty()));
        Schema headerSchema = schema.getField("Header").schema();
        g.put("Header", header(headerSchema, r.header()));
        Schema txs = schema.getField("Transactions").schema();
        g.put("Transactions", list(txs, r.transactions(), t -> transaction(txs.getElementType(), t)));
        Schema uncles = nonNull(schema.getField("uncles").schema());
        g.put("uncles", r.uncles() == null && schema.getField("uncles").schema().getType() == Schema.Type.UNION
                ? null : list(uncles, r.uncles() == null ? List.of() : r.uncles(), u -> header(headerSchema, u)));
        Schema receipts = schema.getField("Receipts").schema();
        g.put("Receipts", list(receipts, r.receipts(), x -> receipt(receipts.getElementType(), x)));
        g.put("Senders", list(schema.getField("Senders").schema(), r.senders(), AvroSpecimenWriter::hex));
        g.put("State", state(schema.getField("State").schema(), r.state()));
        if (schema.getField("Withdrawals") != null && r.withdrawals() != null) {
            Schema ws = nonNull(schema.getField("Withdrawals").schema());
            g.put("Withdrawals", list(ws, r.withdrawals(), w -> withdrawal(ws.getElementType(), w)));
        }
        if (schema.getField("BlobTxSidecars") != null && r.blobTxSidecars() != null) {
            Schema ss = nonNull(schema.getField("BlobTxSidecars").schema());
            g.put("BlobTxSidecars", list(ss, r.blobTxSidecars(), s -> sidecar(ss.getElementType(), s)));
        }
        return g;
    }

    private static GenericRecord header(Schema schema, Header h) {
        GenericRecord g = new GenericData.Record(schema);
        g.put("parentHash", hex(h.parentHash()));
        g.put("sha3Uncles", hex(h.sha3Uncles()));
        g.put("miner", hex(h.miner()));
        g.put("stateRoot", hex(h.stateRoot()));
        g.put("transactionsRoot", hex(h.transactionsRoot()));
        g.put("receiptsRoot", hex(h.receiptsRoot()));
        g.put("logsBloom", numbers(h.logsBloom(), false));
        g.put("difficulty", decimal(h.difficulty()));
        g.put("number", decimal(UInt256.of(h.number())));
        g.put("gasLimit", (int) h.gasLimit());
        g.put("gasUsed", (int) h.gasUsed());
        g.put("timestamp", (int) h.timestamp());
        g.put("extraData", h.extraData().toBase64());
        g.put("mixHash", hex(h.mixHash()));
        g.put("nonce", numbers(h.nonce(), true));
        g.put("baseFeePerGas", decimal(h.baseFeePerGas() == null ? UInt256.ZERO : h.baseFeePerGas()));
        putIfPresent(g, "withdrawalsRoot", hex(h.withdrawalsRoot()));
        putIfPresent(g, "blobGasUsed", h.blobGasUsed() == null ? null : h.blobGasUsed().intValue());
        putIfPresent(g, "excessBlobGas", h.excessBlobGas() == null ? null : h.excessBlobGas().intValue());
        putIfPresent(g, "parentBeaconBlockRoot", hex(h.parentBeaconBlockRoot()));
        putIfPresent(g, "requestsHash", hex(h.requestsHash()));
        return g;
    }

    private static GenericRecord transaction(Schema schema, Transaction t) {
        GenericRecord g = new GenericData.Record(schema);
        g.put("type", t.type());
        Schema al = schema.getField("accessList").schema();
        g.put("accessList", list(al, t.accessList(), e -> {
            GenericRecord entry = new GenericData.Record(al.getElementType());
            entry.put("address", hex(e.address()));
            entry.put("storageKeys", list(al.getElementType().getField("storageKeys").schema(), e.storageKeys(),
                    AvroSpecimenWriter::hex));
            return entry;
        }));
        g.put("chainId", decimal(t.chainId()));
        g.put("nonce", t.nonce());
        g.put("gasPrice", decimal(t.gasPrice()));
        g.put("gasTipCap", decimal(t.gasTipCap()));
        g.put("gasFeeCap", decimal(t.gasFeeCap()));
        g.put("gas", t.gas());
        g.put("from", hex(t.from()));
        g.put("to", hex(t.to()));
        g.put("v", decimal(t.v()));
        g.put("r", decimal(t.r()));
        g.put("s", decimal(t.s()));
        g.put("value", decimal(t.value()));
        g.put("input", t.input().toBase64());
        putIfPresent(g, "blobFeeCap", decimal(t.blobFeeCap()));
        if (schema.getField("blobHashes") != null && t.blobHashes() != null) {
            g.put("blobHashes", list(nonNull(schema.getField("blobHashes").schema()), t.blobHashes(),
                    AvroSpecimenWriter::hex));
        }
        putIfPresent(g, "blobGas", t.blobGas() == null ? null : t.blobGas().intValue());
        putIfPresent(g, "Data", t.data());
        if (schema.getField("AuthList") != null && t.authList() != null) {
            Schema as = nonNull(schema.getField("AuthList").schema());
            g.put("AuthList", list(as, t.authList(), a -> {
                GenericRecord auth = new GenericData.Record(as.getElementType());
                auth.put("chainId", decimal(a.chainId()));
                auth.put("address", hex(a.address()));
                auth.put("nonce", a.nonce());
                auth.put("yParity", decimal(a.yParity()));
                auth.put("r", decimal(a.r()));
                auth.put("s", decimal(a.s()));
                return auth;
            }));
        }
        return g;
    }

    private static GenericRecord receipt(Schema schema, Receipt r) {
        GenericRecord g = new GenericData.Record(schema);
        g.put("PostStateOrStatus", r.postStateOrStatus().toBase64());
        g.put("CumulativeGasUsed", (int) r.cumulativeGasUsed());
        g.put("TxHash", hex(r.txHash()));
        g.put("ContractAddress", hex(r.contractAddress()));
        Schema logs = schema.getField("Logs").schema();
        g.put("Logs", list(logs, r.logs(), l -> {
            GenericRecord log = new GenericData.Record(logs.getElementType());
            log.put("address", hex(l.address()));
            log.put("topics", list(logs.getElementType().getField("topics").schema(), l.topics(),
                    AvroSpecimenWriter::hex));
            log.put("data", l.data().toBase64());
            log.put("blockNumber", l.blockNumber());
            log.put("transactionHash", hex(l.transactionHash()));
            log.put("transactionIndex", l.transactionIndex());
            log.put("blockHash", hex(l.blockHash()));
            log.put("logIndex", l.logIndex());
            log.put("removed", l.removed());
            return log;
        }));
        g.put("GasUsed", (int) r.gasUsed());
        return g;
    }

    private static GenericRecord state(Schema schema, StateReads s) {
        GenericRecord g = new GenericData.Record(schema);
        Schema accounts = schema.getField("AccountRead").schema();
        g.put("AccountRead", list(accounts, s.accountReads(), a -> {
            GenericRecord r = new GenericData.Record(accounts.getElementType());
            r.put("Address", hex(a.address()));
            r.put("Nonce", a.nonce());
            r.put("Balance", decimal(a.balance()));
            r.put("CodeHash", hex(a.codeHash()));
            return r;
        }));
        Schema storage = schema.getField("StorageRead").schema();
        g.put("StorageRead", list(storage, s.storageReads(), x -> {
            GenericRecord r = new GenericData.Record(storage.getElementType());
            r.put("Account", hex(x.account()));
            r.put("SlotKey", hex(x.slotKey()));
            r.put("Value", hex(x.value()));
            return r;
        }));
        Schema code = schema.getField("CodeRead").schema();
        g.put("CodeRead", list(code, s.codeReads(), c -> {
            GenericRecord r = new GenericData.Record(code.getElementType());
            r.put("Hash", hex(c.hash()));
            r.put("Code", c.code().toBase64());
            return r;
        }));
        Schema hashes = schema.getField("BlockhashRead").schema();
        g.put("BlockhashRead", list(hashes, s.blockhashReads(), b -> {
            GenericRecord r = new GenericData.Record(hashes.getElementType());
            r.put("BlockNumber", b.blockNumber());
            r.put("BlockHash", hex(b.blockHash()));
            return r;
        }));
        return g;
    }

    private static GenericRecord withdrawal(Schema schema, Withdrawal w) {
        GenericRecord g = new GenericData.Record(schema);
        g.put("index", w.index());
        g.put("validatorIndex", w.validatorIndex());
        g.put("address", hex(w.address()));
        g.put("amount", w.amount());
        return g;
    }

    private static GenericRecord sidecar(Schema schema, BlobTxSidecar s) {
        GenericRecord g = new GenericData.Record(schema);
        Function<Bytes, ByteBuffer> raw = b -> ByteBuffer.wrap(b.array());
        g.put("Blobs", list(schema.getField("Blobs").schema(), s.blobs(), raw));
        g.put("Commitments", list(schema.getField("Commitments").schema(), s.commitments(), raw));
        g.put("Proofs", list(schema.getField("Proofs").schema(), s.proofs(), raw));
        return g;
    }

    private static void putIfPresent(GenericRecord g, String field, Object value) {
        if (g.getSchema().getField(field) != null) {
            g.put(field, value);
        }
    }

    private static <T> GenericData.Array<Object> list(Schema arraySchema, List<T> items, Function<T, ?> map) {
        List<Object> out = new ArrayList<>(items.size());
        for (T item : items) {
            out.add(map.apply(item));
        }
        return new GenericData.Array<>(arraySchema, out);
    }

    private static List<Object> numbers(Bytes bytes, boolean asLongs) {
        List<Object> out = new ArrayList<>(bytes.size());
        for (int i = 0; i < bytes.size(); i++) {
            int value = bytes.get(i) & 0xff;
            out.add(asLongs ? (Object) (long) value : (Object) value);
        }
        return out;
    }

    /** The producer's "decimal" bytes: the ASCII of the hex quantity. */
    private static ByteBuffer decimal(UInt256 value) {
        return value == null ? null : ByteBuffer.wrap(value.toHexQuantity().getBytes(StandardCharsets.US_ASCII));
    }

    private static String hex(Hash hash) {
        return hash == null ? null : hash.toHex();
    }

    private static String hex(Address address) {
        return address == null ? null : address.toHex();
    }

    private static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        for (Schema s : schema.getTypes()) {
            if (s.getType() != Schema.Type.NULL) {
                return s;
            }
        }
        throw new IllegalArgumentException("union without a non-null branch: " + schema);
    }
}
