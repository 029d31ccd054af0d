package io.cqt.refiner.result;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.cqt.refiner.specimen.BlobTxSidecar;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.Receipt;
import io.cqt.refiner.specimen.Transaction.AccessListEntry;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a block result in the reference evm-server's layout (indented or compact) back into a {@link BlockResult}.
 * Keys may come in any order; an unknown key, a missing required key, or a non-null {@code uncles}, {@code State} or
 * {@code Withdrawals} is an error, because the model could not write the file back unchanged. Numbers are read
 * losslessly and accepted both as JSON numbers and as {@code "0x…"} strings. Thread-safe.
 */
public final class CompatResultReader {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** A blob is 128 KiB, so a string can be ~256 KiB of hex; results are many MB: raise Jackson's default caps. */
    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(64 << 20)
                    .maxDocumentLength(-1)
                    .build())
            .build();

    public BlockResult read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new ResultFormatException("cannot read block result " + file + ": " + e.getMessage(), e);
        }
    }

    public BlockResult read(byte[] json) {
        try (JsonParser p = factory.createParser(json)) {
            return parse(p, "block result");
        } catch (IOException e) {
            throw syntaxError("block result", e);
        }
    }

    /** Reads one result from the stream (which stays open); {@code source} names it in error messages. */
    public BlockResult read(InputStream in, String source) {
        try (JsonParser p = factory.createParser(in)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return parse(p, source);
        } catch (IOException e) {
            throw syntaxError(source, e);
        }
    }

    private static ResultFormatException syntaxError(String source, IOException e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        JsonLocation where = e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
        return new ResultFormatException(source + ": invalid JSON" + (where == null ? "" : " at line "
                + where.getLineNr() + " column " + where.getColumnNr()) + ": " + oneLine(message), e);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ');
    }

    private BlockResult parse(JsonParser p, String source) throws IOException {
        Cursor c = new Cursor(p, source);
        c.next();
        BlockResult result = c.result();
        if (p.nextToken() != null) {
            throw c.fail("unexpected content after the block result");
        }
        return result;
    }

    /** The parser plus where-am-I for error messages. */
    private static final class Cursor {
        private final JsonParser p;
        private final String source;

        Cursor(JsonParser p, String source) {
            this.p = p;
            this.source = source;
        }

        JsonToken next() throws IOException {
            JsonToken token = p.nextToken();
            if (token == null) {
                throw fail("unexpected end of input");
            }
            return token;
        }

        ResultFormatException fail(String message) {
            JsonLocation at = p.currentTokenLocation();
            String pointer = p.getParsingContext().pathAsPointer().toString();
            return new ResultFormatException(source + ": " + message + " at " + (pointer.isEmpty() ? "/" : pointer)
                    + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
        }

        private void expect(JsonToken expected, String what) throws IOException {
            if (p.currentToken() != expected) {
                throw fail("expected " + what + ", found " + describe(p.currentToken()));
            }
        }

        private String describe(JsonToken token) throws IOException {
            if (token == null) {
                return "end of input";
            }
            return switch (token) {
                case VALUE_STRING -> "string " + abbreviate(p.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + p.getText();
                case VALUE_NULL -> "null";
                case VALUE_TRUE, VALUE_FALSE -> "boolean";
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                default -> token.asString();
            };
        }

        private static String abbreviate(String s) {
            return s.length() <= 40 ? '"' + s + '"' : '"' + s.substring(0, 37) + "...\"";
        }

        /** Positioned on START_OBJECT; returns the field name after advancing onto its value, null at the end. */
        private String nextField() throws IOException {
            JsonToken token = next();
            if (token == JsonToken.END_OBJECT) {
                return null;
            }
            String name = p.currentName();
            next();
            return name;
        }

        private ResultFormatException unknown(String name) {
            return fail("unknown key \"" + name + "\"");
        }

        private ResultFormatException missing(String name, String where) {
            return fail("missing key \"" + name + "\" in " + where);
        }

        private boolean isNull() {
            return p.currentToken() == JsonToken.VALUE_NULL;
        }

        BlockResult result() throws IOException {
            expect(JsonToken.START_OBJECT, "the block result object");
            String type = null;
            Long networkId = null;
            Hash hash = null;
            UInt256 totalDifficulty = null;
            Header header = null;
            List<ResultTransaction> transactions = null;
            List<Receipt> receipts = null;
            List<Address> senders = null;
            List<BlobTxSidecar> sidecars = null;
            for (String name = nextField(); name != null; name = nextField()) {
                switch (name) {
                    case "Type" -> type = string();
                    case "NetworkId" -> networkId = uint64();
                    case "Hash" -> hash = hash();
                    case "TotalDifficulty" -> totalDifficulty = quantity();
                    case "Header" -> header = isNull() ? null : header();
                    case "Transactions" -> transactions = list(this::transaction);
                    case "Receipts" -> receipts = list(this::receipt);
                    case "Senders" -> senders = list(this::address);
                    case "BlobTxSidecars" -> sidecars = list(this::sidecar);
                    case "uncles", "State", "Withdrawals" -> {
                        if (!isNull()) {
                            throw fail("\"" + name + "\" is always null in a block result, found "
                                    + describe(p.currentToken()));
                        }
                    }
                    default -> throw unknown(name);
                }
            }
            if (networkId == null) {
                throw missing("NetworkId", "the block result");
            }
            return new BlockResult(type, networkId, hash, totalDifficulty, header, transactions, receipts, senders,
                    sidecars);
        }

        Header header() throws IOException {
            expect(JsonToken.START_OBJECT, "the header object");
            Hash parentHash = null;
            Hash sha3Uncles = null;
            Address miner = null;
            Hash stateRoot = null;
            Hash transactionsRoot = null;
            Hash receiptsRoot = null;
            Bytes logsBloom = null;
            UInt256 difficulty = null;
            Long number = null;
            Long gasLimit = null;
            Long gasUsed = null;
            Long timestamp = null;
            Bytes extraData = null;
            Hash mixHash = null;
            Bytes nonce = null;
            UInt256 baseFeePerGas = null;
            Hash withdrawalsRoot = null;
            Long blobGasUsed = null;
            Long excessBlobGas = null;
            Hash parentBeaconBlockRoot = null;
            Hash requestsHash = null;
            for (String name = nextField(); name != null; name = nextField()) {
                switch (name) {
                    case "parentHash" -> parentHash = hash();
                    case "sha3Uncles" -> sha3Uncles = hash();
                    case "miner" -> miner = address();
                    case "stateRoot" -> stateRoot = hash();
                    case "transactionsRoot" -> transactionsRoot = hash();
                    case "receiptsRoot" -> receiptsRoot = hash();
                    case "logsBloom" -> logsBloom = fixedBytes(Header.BLOOM_SIZE);
                    case "difficulty" -> difficulty = quantity();
                    case "number" -> number = uint64();
                    case "gasLimit" -> gasLimit = uint64();
                    case "gasUsed" -> gasUsed = uint64();
                    case "timestamp" -> timestamp = uint64();
                    case "extraData" -> extraData = base64();
                    case "mixHash" -> mixHash = hash();
                    case "nonce" -> nonce = fixedBytes(Header.NONCE_SIZE);
                    case "baseFeePerGas" -> baseFeePerGas = quantity();
                    case "withdrawalsRoot" -> withdrawalsRoot = hash();
                    case "blobGasUsed" -> blobGasUsed = uint64();
                    case "excessBlobGas" -> excessBlobGas = uint64();
                    case "parentBeaconBlockRoot" -> parentBeaconBlockRoot = hash();
                    case "requestsHash" -> requestsHash = hash();
                    default -> throw unknown(name);
                }
            }
            requireAll("the header", new Object[] {logsBloom, nonce, number, gasLimit, gasUsed, timestamp},
                    "logsBloom", "nonce", "number", "gasLimit", "gasUsed", "timestamp");
            return new Header(parentHash, sha3Uncles, miner, stateRoot, transactionsRoot, receiptsRoot, logsBloom,
                    difficulty, number, gasLimit, gasUsed, timestamp, extraData, mixHash, nonce, baseFeePerGas,
                    withdrawalsRoot, blobGasUsed, excessBlobGas, parentBeaconBlockRoot, requestsHash);
        }

        ResultTransaction transaction() throws IOException {
            expect(JsonToken.START_OBJECT, "a transaction object");
            Long type = null;
            List<AccessListEntry> accessList = null;
            UInt256 chainId = null;
            Long nonce = null;
            UInt256 gasPrice = null;
            Long gas = null;
            UInt256 gasTipCap = null;
            UInt256 gasFeeCap = null;
            Address from = null;
            Address to = null;
            UInt256 value = null;
            Bytes input = null;
            UInt256 v = null;
            UInt256 r = null;
            UInt256 s = null;
            UInt256 blobFeeCap = null;
            List<Hash> blobHashes = null;
            Long blobGas = null;
            for (String name = nextField(); name != null; name = nextField()) {
                switch (name) {
                    case "type" -> type = uint64();
                    case "accessList" -> accessList = list(this::accessListEntry);
                    case "chainId" -> chainId = quantity();
                    case "nonce" -> nonce = uint64();
                    case "gasPrice" -> gasPrice = quantity();
                    case "gas" -> gas = uint64();
                    case "gasTipCap" -> gasTipCap = quantity();
                    case "gasFeeCap" -> gasFeeCap = quantity();
                    case "from" -> from = address();
                    case "to" -> to = address();
                    case "value" -> value = quantity();
                    case "input" -> input = base64();
                    case "v" -> v = quantity();
                    case "r" -> r = quantity();
                    case "s" -> s = quantity();
                    case "blobFeeCap" -> blobFeeCap = quantity();
                    case "blobHashes" -> blobHashes = list(this::hash);
                    case "blobGas" -> blobGas = uint64();
                    default -> throw unknown(name);
                }
            }
            requireAll("a transaction", new Object[] {type, nonce, gas, blobGas}, "type", "nonce", "gas", "blobGas");
            if (type > 0xff) {
                throw fail("transaction type " + type + " does not fit a byte");
            }
            return new ResultTransaction(type.intValue(), accessList, chainId, nonce, gasPrice, gas, gasTipCap,
                    gasFeeCap, from, to, value, input, v, r, s, blobFeeCap, blobHashes, blobGas);
        }

        AccessListEntry accessListEntry() throws IOException {
            expect(JsonToken.START_OBJECT, "an access-list entry");
            Address address = null;
            List<Hash> storageKeys = null;
            for (String name = nextField(); name != null; name = nextField()) {
                switch (name) {
                    case "address" -> address = address();
                    case "storageKeys" -> storageKeys = list(this::hash);
                    default -> throw unknown(name);
                }
            }
            requireAll("an access-list entry", new Object[] {address, storageKeys}, "address", "storageKeys");
            return new AccessListEntry(address, storageKeys);
        }

        Receipt receipt() throws IOException {
            expect(JsonToken.START_OBJECT, "a receipt object");
            Bytes postStateOrStatus = null;
            Long cumulativeGasUsed = null;
            Hash txHash = null;
            Address contractAddress = null;
            List<Receipt.Log> logs = null;
            Long gasUsed = null;
            for (String name = nextField(); name != null; name = nextField()) {
                switch (name) {
                    case "PostStateOrStatus" -> postStateOrStatus = base64();
                    case "CumulativeGasUsed" -> cumulativeGasUsed = uint64();
                    case "TxHash" -> txHash = hash();
                    case "ContractAddress" -> contractAddress = address();
                    case "Logs" -> logs = list(this::log);
                    case "GasUsed" -> gasUsed = uint64();
                    default -> throw unknown(name);
                }
            }
            requireAll("a receipt", new Object[] {cumulativeGasUsed, logs, gasUsed},
                    "CumulativeGasUsed", "Logs", "GasUsed");
            return new Receipt(postStateOrStatus, cumulativeGasUsed, txHash, contractAddress, logs, gasUsed);
        }

        Receipt.Log log() throws IOException {
            expect(JsonToken.START_OBJECT, "a log object");
            Address address = null;
            List<Hash> topics = null;
            Bytes data = null;
            Long blockNumber = null;
            Hash transactionHash = null;
            Long transactionIndex = null;
            Hash blockHash = null;
            Long logIndex = null;
            Boolean removed = null;
            for (String name = nextField(); name != null; name = nextField()) {
                switch (name) {
                    case "address" -> address = address();
                    case "topics" -> topics = list(this::hash);
                    case "data" -> data = base64();
                    case "blockNumber" -> blockNumber = uint64();
                    case "transactionHash" -> transactionHash = hash();
                    case "transactionIndex" -> transactionIndex = uint64();
                    case "blockHash" -> blockHash = hash();
                    case "logIndex" -> logIndex = uint64();
                    case "removed" -> removed = bool();
                    default -> throw unknown(name);
                }
            }
            requireAll("a log", new Object[] {topics, blockNumber, transactionIndex, logIndex, removed},
                    "topics", "blockNumber", "transactionIndex", "logIndex", "removed");
            return new Receipt.Log(address, topics, data, blockNumber, transactionHash, toInt(transactionIndex),
                    blockHash, toInt(logIndex), removed);
        }

        BlobTxSidecar sidecar() throws IOException {
            expect(JsonToken.START_OBJECT, "a blob sidecar object");
            List<Bytes> blobs = null;
            List<Bytes> commitments = null;
            List<Bytes> proofs = null;
            for (String name = nextField(); name != null; name = nextField()) {
                switch (name) {
                    case "Blobs" -> blobs = list(this::hexOrBase64);
                    case "Commitments" -> commitments = list(this::hexOrBase64);
                    case "Proofs" -> proofs = list(this::hexOrBase64);
                    default -> throw unknown(name);
                }
            }
            requireAll("a blob sidecar", new Object[] {blobs, commitments, proofs}, "Blobs", "Commitments", "Proofs");
            return new BlobTxSidecar(blobs, commitments, proofs);
        }

        private void requireAll(String where, Object[] values, String... names) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    throw missing(names[i], where);
                }
            }
        }

        private int toInt(long value) {
            if (value > Integer.MAX_VALUE) {
                throw fail("index " + value + " is out of range");
            }
            return (int) value;
        }

        @FunctionalInterface
        private interface Element<T> {
            T read() throws IOException;
        }

        /** A JSON array (null stays null); each element is read with the parser on its first token. */
        private <T> List<T> list(Element<T> element) throws IOException {
            if (isNull()) {
                return null;
            }
            expect(JsonToken.START_ARRAY, "an array");
            List<T> items = new ArrayList<>();
            while (next() != JsonToken.END_ARRAY) {
                T item = element.read();
                if (item == null) {
                    throw fail("null is not allowed here");
                }
                items.add(item);
            }
            return items;
        }

        private String string() throws IOException {
            if (isNull()) {
                return null;
            }
            expect(JsonToken.VALUE_STRING, "a string");
            return p.getText();
        }

        private Boolean bool() throws IOException {
            return switch (p.currentToken()) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> throw fail("expected true or false, found " + describe(p.currentToken()));
            };
        }

        /** A Go uint64: a JSON number or a hex string; null only where Go has a pointer. */
        private Long uint64() throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG) {
                    long value = p.getLongValue();
                    if (value < 0) {
                        throw fail("negative number " + value + " where an unsigned 64-bit one belongs");
                    }
                    return value;
                }
                BigInteger big = p.getBigIntegerValue();
                if (big.signum() < 0 || big.compareTo(TWO_64) >= 0) {
                    throw fail("number " + big + " does not fit an unsigned 64-bit integer");
                }
                return big.longValue();
            }
            if (token == JsonToken.VALUE_STRING) {
                UInt256 value = parse(() -> UInt256.fromHex(p.getText()));
                if ((value.u3() | value.u2() | value.u1()) != 0) {
                    throw fail("quantity " + value + " does not fit an unsigned 64-bit integer");
                }
                return value.u0();
            }
            throw fail("expected an unsigned integer, found " + describe(token));
        }

        /** A big integer: {@code "0x…"} as the reference writes it, or a plain JSON number. */
        private UInt256 quantity() throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getText();
                if (!Hex.hasPrefix(text)) {
                    throw fail("expected a 0x-prefixed hex quantity, found " + describe(token));
                }
                return parse(() -> UInt256.fromHex(text));
            }
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return parse(() -> UInt256.of(p.getBigIntegerValue()));
            }
            throw fail("expected a hex quantity, found " + describe(token));
        }

        private Hash hash() throws IOException {
            if (isNull()) {
                return null;
            }
            expect(JsonToken.VALUE_STRING, "a 32-byte hex hash");
            return parse(() -> Hash.fromHex(p.getText()));
        }

        private Address address() throws IOException {
            if (isNull()) {
                return null;
            }
            expect(JsonToken.VALUE_STRING, "a 20-byte hex address");
            return parse(() -> Address.fromHex(p.getText()));
        }

        private Bytes base64() throws IOException {
            if (isNull()) {
                return null;
            }
            expect(JsonToken.VALUE_STRING, "a base64 string");
            return parse(() -> Bytes.fromBase64(p.getText()));
        }

        /** kzg4844 items are hex in Go's JSON; base64 is accepted too, in case a producer wrote raw bytes. */
        private Bytes hexOrBase64() throws IOException {
            expect(JsonToken.VALUE_STRING, "a hex or base64 string");
            String text = p.getText();
            return parse(() -> Hex.hasPrefix(text) ? Bytes.fromHex(text) : Bytes.fromBase64(text));
        }

        /** A fixed-size Go byte array: an array of numbers 0–255 (a hex string is accepted too). */
        private Bytes fixedBytes(int size) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                byte[] bytes = parse(() -> Hex.decode(p.getText()));
                if (bytes.length != size) {
                    throw fail("expected " + size + " bytes, found " + bytes.length);
                }
                return Bytes.wrap(bytes);
            }
            expect(JsonToken.START_ARRAY, "an array of " + size + " byte values");
            byte[] bytes = new byte[size];
            int count = 0;
            while (next() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw fail("expected a byte value, found " + describe(p.currentToken()));
                }
                int value = p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : -1;
                if (value < 0 || value > 255) {
                    throw fail("byte value " + p.getText() + " is not in 0-255");
                }
                if (count == size) {
                    throw fail("more than " + size + " byte values");
                }
                bytes[count++] = (byte) value;
            }
            if (count != size) {
                throw fail("expected " + size + " byte values, found " + count);
            }
            return Bytes.wrap(bytes);
        }

        @FunctionalInterface
        private interface Parse<T> {
            T get() throws IOException;
        }

        /** Runs a value parser, turning its IllegalArgumentException into an error that says where. */
        private <T> T parse(Parse<T> parser) throws IOException {
            try {
                return parser.get();
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw fail(e.getMessage());
            }
        }
    }
}
