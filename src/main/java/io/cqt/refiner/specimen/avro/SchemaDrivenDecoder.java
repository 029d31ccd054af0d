package io.cqt.refiner.specimen.avro;

import io.cqt.refiner.logging.SafeText;
import io.cqt.refiner.specimen.BlobTxSidecar;
import io.cqt.refiner.specimen.BlockReplica;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Segment;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.specimen.Withdrawal;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SystemLimitException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Decodes one segment straight into the model, walking the codec's schema: the schema says which fields exist, in
 * which order, and which are unions; this class says what each named field means. No generic records are built,
 * and hex and base64 text is parsed from the decoder's bytes without intermediate strings.
 */
final class SchemaDrivenDecoder {
    /** Arrays are read block by block; a corrupt count must not pre-allocate a huge list. */
    private static final int MAX_INITIAL_CAPACITY = 4096;

    private final byte[] input;
    private final BinaryDecoder in;
    private final Path path = new Path();
    private Utf8 text = new Utf8();
    private ByteBuffer buffer;

    SchemaDrivenDecoder(byte[] input) {
        this.input = input;
        this.in = DecoderFactory.get().binaryDecoder(input, null);
    }

    long remaining() {
        try {
            return in.inputStream().available();
        } catch (IOException e) {
            return -1;
        }
    }

    Segment segment(Schema schema) {
        try {
            return readSegment(schema);
        } catch (IOException | AvroRuntimeException | IllegalArgumentException | ArithmeticException
                 | IndexOutOfBoundsException | UnsupportedOperationException | SpecimenException e) {
            long offset = input.length - Math.max(0, remaining());
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof EOFException) {
                reason = "input ends early";
            }
            throw new SpecimenException("decoding stopped at " + path + " near byte " + offset + ": "
                    + SafeText.line(reason), e);
        }
    }

    private Segment readSegment(Schema schema) throws IOException {
        List<Segment.ReplicaEvent> events = List.of();
        long startBlock = 0;
        long endBlock = 0;
        long elements = 0;
        double codecVersion = 0;
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            switch (f.name()) {
                case "replicaEvent" -> events = array(f.schema(), this::replicaEvent);
                case "startBlock" -> startBlock = in.readLong();
                case "endBlock" -> endBlock = in.readLong();
                case "elements" -> elements = in.readLong();
                case "codecVersion" -> codecVersion = in.readDouble();
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new Segment(events, startBlock, endBlock, elements, codecVersion);
    }

    private Segment.ReplicaEvent replicaEvent(Schema schema) throws IOException {
        String hash = null;
        BlockReplica data = null;
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            switch (f.name()) {
                case "hash" -> hash = string();
                case "data" -> data = replica(f.schema());
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new Segment.ReplicaEvent(hash, data);
    }

    private BlockReplica replica(Schema schema) throws IOException {
        String type = null;
        long networkId = 0;
        Hash hash = null;
        UInt256 totalDifficulty = null;
        Header header = null;
        List<Transaction> transactions = null;
        List<Header> uncles = null;
        List<Receipt> receipts = null;
        List<Address> senders = null;
        StateReads state = null;
        List<Withdrawal> withdrawals = null;
        List<BlobTxSidecar> sidecars = null;
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            Schema s = f.schema();
            switch (f.name()) {
                case "Type" -> type = string();
                case "NetworkId" -> networkId = in.readInt();
                case "Hash" -> hash = hash();
                case "TotalDifficulty" -> totalDifficulty = decimal();
                case "Header" -> header = header(s);
                case "Transactions" -> transactions = array(s, this::transaction);
                case "uncles" -> uncles = nullable(s, u -> array(u, this::header));
                case "Receipts" -> receipts = array(s, this::receipt);
                case "Senders" -> senders = array(s, x -> address());
                case "State" -> state = state(s);
                case "Withdrawals" -> withdrawals = nullable(s, w -> array(w, this::withdrawal));
                case "BlobTxSidecars" -> sidecars = nullable(s, b -> array(b, this::sidecar));
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new BlockReplica(type, networkId, hash, totalDifficulty, header, transactions, uncles, receipts,
                senders, state, withdrawals, sidecars);
    }

    private Header header(Schema schema) throws IOException {
        Hash parentHash = null;
        Hash sha3Uncles = null;
        Address miner = null;
        Hash stateRoot = null;
        Hash transactionsRoot = null;
        Hash receiptsRoot = null;
        Bytes logsBloom = null;
        UInt256 difficulty = null;
        long number = 0;
        long gasLimit = 0;
        long gasUsed = 0;
        long timestamp = 0;
        Bytes extraData = null;
        Hash mixHash = null;
        Bytes nonce = null;
        UInt256 baseFee = null;
        Hash withdrawalsRoot = null;
        Long blobGasUsed = null;
        Long excessBlobGas = null;
        Hash parentBeaconBlockRoot = null;
        Hash requestsHash = null;
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            Schema s = f.schema();
            switch (f.name()) {
                case "parentHash" -> parentHash = hash();
                case "sha3Uncles" -> sha3Uncles = hash();
                case "miner" -> miner = address();
                case "stateRoot" -> stateRoot = hash();
                case "transactionsRoot" -> transactionsRoot = hash();
                case "receiptsRoot" -> receiptsRoot = hash();
                case "logsBloom" -> logsBloom = byteArray(s);
                case "difficulty" -> difficulty = decimal();
                case "number" -> number = decimal().toLong();
                case "gasLimit" -> gasLimit = unsignedInt();
                case "gasUsed" -> gasUsed = unsignedInt();
                case "timestamp" -> timestamp = unsignedInt();
                case "extraData" -> extraData = base64();
                case "mixHash" -> mixHash = hash();
                case "nonce" -> nonce = byteArray(s);
                case "baseFeePerGas" -> baseFee = decimal();
                case "withdrawalsRoot" -> withdrawalsRoot = nullable(s, x -> hash());
                case "blobGasUsed" -> blobGasUsed = nullable(s, x -> unsignedInt());
                case "excessBlobGas" -> excessBlobGas = nullable(s, x -> unsignedInt());
                case "parentBeaconBlockRoot" -> parentBeaconBlockRoot = nullable(s, x -> hash());
                case "requestsHash" -> requestsHash = nullable(s, x -> hash());
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new Header(parentHash, sha3Uncles, miner, stateRoot, transactionsRoot, receiptsRoot, logsBloom,
                difficulty, number, gasLimit, gasUsed, timestamp, extraData, mixHash, nonce, baseFee,
                withdrawalsRoot, blobGasUsed, excessBlobGas, parentBeaconBlockRoot, requestsHash);
    }

    private Transaction transaction(Schema schema) throws IOException {
        int type = 0;
        List<Transaction.AccessListEntry> accessList = List.of();
        UInt256 chainId = null;
        long nonce = 0;
        UInt256 gasPrice = null;
        UInt256 gasTipCap = null;
        UInt256 gasFeeCap = null;
        long gas = 0;
        Address from = null;
        Address to = null;
        UInt256 v = null;
        UInt256 r = null;
        UInt256 s = null;
        UInt256 value = null;
        Bytes input = null;
        UInt256 blobFeeCap = null;
        List<Hash> blobHashes = null;
        Long blobGas = null;
        String data = null;
        List<Transaction.Authorization> authList = null;
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            Schema fs = f.schema();
            switch (f.name()) {
                case "type" -> type = in.readInt();
                case "accessList" -> accessList = array(fs, this::accessListEntry);
                case "chainId" -> chainId = decimal();
                case "nonce" -> nonce = in.readLong();
                case "gasPrice" -> gasPrice = decimal();
                case "gasTipCap" -> gasTipCap = decimal();
                case "gasFeeCap" -> gasFeeCap = decimal();
                case "gas" -> gas = in.readLong();
                case "from" -> from = nullable(fs, x -> address());
                case "to" -> to = nullable(fs, x -> address());
                case "v" -> v = nullable(fs, x -> decimal());
                case "r" -> r = nullable(fs, x -> decimal());
                case "s" -> s = nullable(fs, x -> decimal());
                case "value" -> value = decimal();
                case "input" -> input = base64();
                case "blobFeeCap" -> blobFeeCap = nullable(fs, x -> decimal());
                case "blobHashes" -> blobHashes = nullable(fs, a -> array(a, x -> hash()));
                case "blobGas" -> blobGas = nullable(fs, x -> unsignedInt());
                case "Data" -> data = nullable(fs, x -> string());
                case "AuthList" -> authList = nullable(fs, a -> array(a, this::authorization));
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new Transaction(type, accessList, chainId, nonce, gasPrice, gasTipCap, gasFeeCap, gas, from, to,
                value, input, v, r, s, blobFeeCap, blobHashes, blobGas, data, authList);
    }

    private Transaction.AccessListEntry accessListEntry(Schema schema) throws IOException {
        Address address = null;
        List<Hash> keys = List.of();
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            switch (f.name()) {
                case "address" -> address = address();
                case "storageKeys" -> keys = array(f.schema(), x -> hash());
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new Transaction.AccessListEntry(address, keys);
    }

    private Transaction.Authorization authorization(Schema schema) throws IOException {
        UInt256 chainId = null;
        Address address = null;
        long nonce = 0;
        UInt256 yParity = null;
        UInt256 r = null;
        UInt256 s = null;
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            switch (f.name()) {
                case "chainId" -> chainId = decimal();
                case "address" -> address = address();
                case "nonce" -> nonce = in.readLong();
                case "yParity" -> yParity = decimal();
                case "r" -> r = decimal();
                case "s" -> s = decimal();
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new Transaction.Authorization(chainId, address, nonce, yParity, r, s);
    }

    private Receipt receipt(Schema schema) throws IOException {
        Bytes status = null;
        long cumulativeGasUsed = 0;
        Hash txHash = null;
        Address contractAddress = null;
        List<Receipt.Log> logs = List.of();
        long gasUsed = 0;
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            switch (f.name()) {
                case "PostStateOrStatus" -> status = base64();
                case "CumulativeGasUsed" -> cumulativeGasUsed = unsignedInt();
                case "TxHash" -> txHash = hash();
                case "ContractAddress" -> contractAddress = address();
                case "Logs" -> logs = array(f.schema(), this::log);
                case "GasUsed" -> gasUsed = unsignedInt();
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new Receipt(status, cumulativeGasUsed, txHash, contractAddress, logs, gasUsed);
    }

    private Receipt.Log log(Schema schema) throws IOException {
        Address address = null;
        List<Hash> topics = List.of();
        Bytes data = null;
        long blockNumber = 0;
        Hash transactionHash = null;
        int transactionIndex = 0;
        Hash blockHash = null;
        int logIndex = 0;
        boolean removed = false;
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            switch (f.name()) {
                case "address" -> address = address();
                case "topics" -> topics = array(f.schema(), x -> hash());
                case "data" -> data = base64();
                case "blockNumber" -> blockNumber = in.readLong();
                case "transactionHash" -> transactionHash = hash();
                case "transactionIndex" -> transactionIndex = in.readInt();
                case "blockHash" -> blockHash = hash();
                case "logIndex" -> logIndex = in.readInt();
                case "removed" -> removed = in.readBoolean();
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new Receipt.Log(address, topics, data, blockNumber, transactionHash, transactionIndex, blockHash,
                logIndex, removed);
    }

    private StateReads state(Schema schema) throws IOException {
        List<StateReads.AccountRead> accounts = List.of();
        List<StateReads.StorageRead> storage = List.of();
        List<StateReads.CodeRead> code = List.of();
        List<StateReads.BlockhashRead> blockhashes = List.of();
        for (Schema.Field f : schema.getFields()) {
            path.field(f.name());
            Schema s = f.schema();
            switch (f.name()) {
                case "AccountRead" -> accounts = array(s, x -> new StateReads.AccountRead(
                        field("Address", this::address), field("Nonce", in::readLong),
                        field("Balance", this::decimal), field("CodeHash", this::hash)));
                case "StorageRead" -> storage = array(s, x -> new StateReads.StorageRead(
                        field("Account", this::address), field("SlotKey", this::hash), field("Value", this::hash)));
                case "CodeRead" -> code = array(s, x -> new StateReads.CodeRead(
                        field("Hash", this::hash), field("Code", this::base64)));
                case "BlockhashRead" -> blockhashes = array(s, x -> new StateReads.BlockhashRead(
                        field("BlockNumber", in::readLong), field("BlockHash", this::hash)));
                default -> throw unknown(f);
            }
            path.leave();
        }
        return new StateReads(accounts, storage, code, blockhashes);
    }

    private Withdrawal withdrawal(Schema schema) throws IOException {
        return new Withdrawal(field("index", in::readLong), field("validatorIndex", in::readLong),
                field("address", this::address), field("amount", in::readLong));
    }

    private BlobTxSidecar sidecar(Schema schema) throws IOException {
        SchemaReader<Bytes> raw = x -> {
            buffer = uncheckedBytes();
            byte[] out = new byte[buffer.remaining()];
            buffer.get(out);
            return Bytes.wrap(out);
        };
        List<Bytes> blobs = field("Blobs", () -> array(schema.getField("Blobs").schema(), raw));
        List<Bytes> commitments = field("Commitments", () -> array(schema.getField("Commitments").schema(), raw));
        List<Bytes> proofs = field("Proofs", () -> array(schema.getField("Proofs").schema(), raw));
        return new BlobTxSidecar(blobs, commitments, proofs);
    }

    // --- Records whose fields never changed across codecs are read positionally, in schema order. -------------

    @FunctionalInterface
    private interface Reader<T> {
        T read() throws IOException;
    }

    @FunctionalInterface
    private interface SchemaReader<T> {
        T read(Schema schema) throws IOException;
    }

    private <T> T field(String name, Reader<T> reader) throws IOException {
        path.field(name);
        T value = reader.read();
        path.leave();
        return value;
    }

    private <T> List<T> array(Schema schema, SchemaReader<T> item) throws IOException {
        Schema items = schema.getElementType();
        long count = in.readArrayStart();
        List<T> out = new ArrayList<>((int) Math.min(Math.max(count, 0), MAX_INITIAL_CAPACITY));
        int index = 0;
        while (count > 0) {
            for (long i = 0; i < count; i++) {
                path.index(index++);
                out.add(item.read(items));
                path.leaveIndex();
            }
            count = in.arrayNext();
        }
        return out;
    }

    /** A {@code [null, X]} union; a plain {@code X} (as {@code uncles} was before 0.35) is read as is. */
    private <T> T nullable(Schema union, SchemaReader<T> reader) throws IOException {
        if (union.getType() != Schema.Type.UNION) {
            return reader.read(union);
        }
        int branch = in.readIndex();
        List<Schema> types = union.getTypes();
        if (branch < 0 || branch >= types.size()) {
            throw new SpecimenException("union branch " + branch + " does not exist");
        }
        Schema chosen = types.get(branch);
        return chosen.getType() == Schema.Type.NULL ? null : reader.read(chosen);
    }

    private Bytes byteArray(Schema arrayOfNumbers) throws IOException {
        boolean longs = arrayOfNumbers.getElementType().getType() == Schema.Type.LONG;
        long count = in.readArrayStart();
        byte[] out = new byte[(int) Math.min(Math.max(count, 0), 256)];
        int size = 0;
        while (count > 0) {
            for (long i = 0; i < count; i++) {
                long value = longs ? in.readLong() : in.readInt();
                if (value < 0 || value > 255) {
                    throw new SpecimenException("byte value " + value + " out of range");
                }
                if (size == out.length) {
                    out = java.util.Arrays.copyOf(out, Math.max(16, out.length * 2));
                }
                out[size++] = (byte) value;
            }
            count = in.arrayNext();
        }
        return Bytes.wrap(size == out.length ? out : java.util.Arrays.copyOf(out, size));
    }

    private long unsignedInt() throws IOException {
        // Go writes uint64 header quantities into Avro ints; values above 2^31 arrive negative.
        return Integer.toUnsignedLong(in.readInt());
    }

    private String string() throws IOException {
        readText();
        return text.toString();
    }

    private Hash hash() throws IOException {
        readText();
        return Hash.wrap(HexText.fixed(text.getBytes(), text.getByteLength(), Hash.SIZE));
    }

    private Address address() throws IOException {
        readText();
        return Address.wrap(HexText.fixed(text.getBytes(), text.getByteLength(), Address.SIZE));
    }

    private Bytes base64() throws IOException {
        readText();
        if (text.getByteLength() == 0) {
            return Bytes.EMPTY;
        }
        // The JDK sizes the decoded array exactly; take it rather than copying it.
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(text.getBytes(), 0, text.getByteLength()));
        return Bytes.wrap(exactArray(decoded));
    }

    private static byte[] exactArray(ByteBuffer buffer) {
        if (buffer.hasArray() && buffer.arrayOffset() == 0 && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array();
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    /**
     * Reads an Avro string into {@link #text}. Avro's own {@code readString} sizes its buffer from the length before
     * reading; when codec detection tries a schema that does not fit, that length is garbage and each failed try
     * allocated megabytes. A length beyond the bytes left fails here, before any allocation.
     */
    private void readText() throws IOException {
        int length = withinInput(SystemLimitException.checkMaxStringLength(in.readLong()));
        text.setByteLength(length);
        in.readFixed(text.getBytes(), 0, length);
    }

    private int withinInput(int length) throws IOException {
        if (length > remaining()) {
            throw new EOFException();
        }
        return length;
    }

    /** The producer's "decimal" logical type holds the ASCII text of a hex number, not a two's-complement value. */
    private UInt256 decimal() throws IOException {
        buffer = uncheckedBytes();
        return HexText.quantity(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
    }

    /** An Avro bytes value, its length checked as {@link #readText} does. */
    private ByteBuffer uncheckedBytes() throws IOException {
        int length = withinInput(SystemLimitException.checkMaxBytesLength(in.readLong()));
        if (buffer == null || buffer.capacity() < length) {
            buffer = ByteBuffer.allocate(Math.max(length, 64));
        }
        buffer.clear();
        in.readFixed(buffer.array(), 0, length);
        buffer.limit(length);
        return buffer;
    }

    private SpecimenException unknown(Schema.Field f) {
        return new SpecimenException("schema field " + f.name() + " has no decoder");
    }

    /** Where decoding is, for error messages: {@code replicaEvent[0].data.Transactions[46].AuthList}. */
    private static final class Path {
        private final String[] names = new String[32];
        private final int[] indexes = new int[32];
        private int depth;

        void field(String name) {
            names[depth] = name;
            indexes[depth] = -1;
            depth++;
        }

        void leave() {
            depth--;
        }

        void index(int index) {
            indexes[depth - 1] = index;
        }

        void leaveIndex() {
            indexes[depth - 1] = -1;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < depth; i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(names[i]);
                if (indexes[i] >= 0) {
                    sb.append('[').append(indexes[i]).append(']');
                }
            }
            return sb.length() == 0 ? "the start" : sb.toString();
        }
    }
}
