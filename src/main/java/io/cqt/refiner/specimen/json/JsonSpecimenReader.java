package io.cqt.refiner.specimen.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads specimens in JSON: a block replica (the evm-server's input) or a whole segment
 * ({@code {"replicaEvent":[{"hash","data"}],...}}). Producers differ: numbers come as JSON numbers, as floats
 * (values above 2^53 in older files, read from their text without a detour through double), as {@code "0x…"} or
 * decimal strings; optional values may be wrapped the way Avro's JSON encoding writes unions
 * ({@code {"string": "0x…"}}); byte fields are base64. Thread-safe.
 */
public final class JsonSpecimenReader {
    /** Type names Avro's JSON encoding wraps a union value in. */
    /** From 2^53 on, a double cannot hold every integer. */
    private static final double TWO_TO_53 = 0x1p53;

    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    private static final Set<String> UNION_WRAPPERS = Set.of("string", "bytes", "int", "long", "float", "double",
            "boolean", "array", "map");

    private final JsonFactory factory = new JsonFactory();

    /**
     * A JSON specimen. For a bare replica, {@code segment} is null.
     *
     * @param replica the block: the segment's first replica event, or the file itself
     */
    public record Parsed(Segment segment, BlockReplica replica) {
    }

    public Parsed read(byte[] json) {
        String encoding = encodingProblem(json);
        if (encoding != null) {
            throw new SpecimenException(encoding);
        }
        JsonValue parsed = parse(json);
        if (!(parsed instanceof JsonValue.Obj root)) {
            String kind = switch (parsed) {
                case null -> "missing";
                case JsonValue.Arr a -> "an array";
                case JsonValue.Str t -> "a string";
                case JsonValue.Num n -> "a number";
                case JsonValue.Bool b -> "a boolean";
                default -> "a null";
            };
            throw new SpecimenException("not a specimen: the top-level JSON value is " + kind + ", not an object");
        }
        if (root.fields().containsKey("replicaEvent")) {
            Segment segment = segment(new Node(root, ""));
            return new Parsed(segment, segment.first().data());
        }
        if (!root.fields().containsKey("Header") || !root.fields().containsKey("Transactions")) {
            throw new SpecimenException("not a specimen: the JSON object has neither replicaEvent nor "
                    + "Header and Transactions (keys: " + fieldNames(root) + ")");
        }
        return new Parsed(null, replica(new Node(root, "")));
    }

    /**
     * One JSON value and nothing after it but white space: as Go's json.Unmarshal (the evm-server) rejects trailing
     * data, so does every reader of ours, lest a second document or junk after the first pass unnoticed.
     */
    private JsonValue parse(byte[] json) {
        try (JsonParser parser = factory.createParser(json)) {
            JsonValue root;
            try {
                root = JsonTree.read(parser, json);
            } catch (StreamConstraintsException e) {
                // Jackson gives this one no location (so e.getLocation() is null); the parser knows where it is.
                JsonLocation where = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
                throw new SpecimenException("JSON " + limitHit(e) + " at " + at(where) + " (a limit of this reader)");
            }
            JsonLocation trailing;
            try {
                trailing = parser.nextToken() == null ? null : parser.currentTokenLocation();
            } catch (JsonProcessingException e) {
                trailing = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            }
            if (trailing != null) {
                int from = (int) Math.max(0, Math.min(trailing.getByteOffset(), json.length));
                throw new SpecimenException("trailing data after the top-level JSON value at " + at(trailing) + ": "
                        + SafeText.quote(json, from, Math.min(json.length - from, 16))
                        + " (a specimen is one JSON document)");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new SpecimenException("not valid JSON: " + SafeText.line(e.getOriginalMessage())
                    + (where == null ? "" : " at " + at(where)));
        } catch (IOException e) {
            throw new SpecimenException("cannot read JSON: " + SafeText.line(e.getMessage()), e);
        }
    }

    private static String at(JsonLocation where) {
        return "line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    /** Which of Jackson's stream limits was hit, in words, with the limit. */
    private String limitHit(StreamConstraintsException e) {
        StreamReadConstraints limits = factory.streamReadConstraints();
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (message.contains("getMaxNestingDepth")) {
            return "nested deeper than " + limits.getMaxNestingDepth() + " levels";
        }
        if (message.contains("getMaxNumberLength")) {
            return "has a number longer than " + limits.getMaxNumberLength() + " digits";
        }
        if (message.contains("getMaxStringLength")) {
            return "has a string longer than " + limits.getMaxStringLength() + " characters";
        }
        if (message.contains("getMaxNameLength")) {
            return "has a field name longer than " + limits.getMaxNameLength() + " characters";
        }
        return "exceeds a limit (" + SafeText.line(message) + ")";
    }

    /**
     * Why these bytes are JSON but not UTF-8 JSON, or null: a byte-order mark, or UTF-16/32 text (told by where its
     * NULs fall around the opening brace, RFC 4627 section 3). Without this such a file would be taken for Avro and
     * fail with a message about Avro.
     */
    public static String encodingProblem(byte[] b) {
        String fix = ": a specimen is Avro or UTF-8 JSON without a byte-order mark";
        if (startsWith(b, 0xef, 0xbb, 0xbf)) {
            return "JSON with a UTF-8 byte-order mark (EF BB BF)" + fix + "; remove the first 3 bytes";
        }
        String convert = "; convert it, e.g. iconv -f %s -t UTF-8";
        if (startsWith(b, 0x00, 0x00, 0xfe, 0xff)) {
            return "UTF-32BE text (byte-order mark 00 00 FE FF)" + fix + convert.formatted("UTF-32");
        }
        if (startsWith(b, 0xff, 0xfe, 0x00, 0x00)) {
            return "UTF-32LE text (byte-order mark FF FE 00 00)" + fix + convert.formatted("UTF-32");
        }
        if (startsWith(b, 0xfe, 0xff)) {
            return "UTF-16BE text (byte-order mark FE FF)" + fix + convert.formatted("UTF-16");
        }
        if (startsWith(b, 0xff, 0xfe)) {
            return "UTF-16LE text (byte-order mark FF FE)" + fix + convert.formatted("UTF-16");
        }
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && jsonStart(b[3])) {
            return "UTF-32BE JSON" + fix + convert.formatted("UTF-32BE");
        }
        if (b.length >= 4 && jsonStart(b[0]) && b[1] == 0 && b[2] == 0 && b[3] == 0) {
            return "UTF-32LE JSON" + fix + convert.formatted("UTF-32LE");
        }
        if (b.length >= 4 && b[0] == 0 && jsonStart(b[1]) && b[2] == 0) {
            return "UTF-16BE JSON" + fix + convert.formatted("UTF-16BE");
        }
        if (b.length >= 4 && jsonStart(b[0]) && b[1] == 0 && b[3] == 0) {
            return "UTF-16LE JSON" + fix + convert.formatted("UTF-16LE");
        }
        return null;
    }

    private static boolean jsonStart(byte b) {
        return b == '{' || b == '[' || b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static Segment segment(Node root) {
        List<Segment.ReplicaEvent> events = root.req("replicaEvent").list(e ->
                new Segment.ReplicaEvent(e.opt("hash") == null ? null : e.req("hash").text(),
                        replica(e.req("data"))));
        if (events.isEmpty()) {
            throw new SpecimenException("replicaEvent is empty");
        }
        long number = events.get(0).data().number();
        Node codec = root.opt("codecVersion");
        return new Segment(events, optLong(root, "startBlock", number), optLong(root, "endBlock", number),
                optLong(root, "elements", events.size()), codec == null ? null : codec.decimal().doubleValue());
    }

    private static BlockReplica replica(Node n) {
        Node state = n.req("State");
        return new BlockReplica(
                n.opt("Type") == null ? null : n.req("Type").text(),
                optLong(n, "NetworkId", 1),
                n.req("Hash").hash(),
                n.req("TotalDifficulty").uint256(),
                header(n.req("Header")),
                n.req("Transactions").list(JsonSpecimenReader::transaction),
                optList(n, "uncles", JsonSpecimenReader::header),
                orEmpty(optList(n, "Receipts", JsonSpecimenReader::receipt)),
                n.req("Senders").list(Node::address),
                new StateReads(
                        orEmpty(optList(state, "AccountRead", a -> new StateReads.AccountRead(
                                a.req("Address").address(), a.req("Nonce").longValue(), a.req("Balance").uint256(),
                                a.req("CodeHash").hash(), a.req("Balance").floatPrecision()))),
                        orEmpty(optList(state, "StorageRead", s -> new StateReads.StorageRead(
                                s.req("Account").address(), s.req("SlotKey").hash(), s.req("Value").hash()))),
                        orEmpty(optList(state, "CodeRead", c -> new StateReads.CodeRead(
                                c.req("Hash").hash(), c.req("Code").bytes()))),
                        orEmpty(optList(state, "BlockhashRead", b -> new StateReads.BlockhashRead(
                                b.req("BlockNumber").longValue(), b.req("BlockHash").hash())))),
                optList(n, "Withdrawals", w -> new Withdrawal(w.req("index").longValue(),
                        w.req("validatorIndex").longValue(), w.req("address").address(),
                        w.req("amount").longValue())),
                optList(n, "BlobTxSidecars", s -> new BlobTxSidecar(s.req("Blobs").list(Node::bytes),
                        s.req("Commitments").list(Node::bytes), s.req("Proofs").list(Node::bytes))));
    }

    private static Header header(Node h) {
        return new Header(
                h.req("parentHash").hash(),
                h.req("sha3Uncles").hash(),
                h.req("miner").address(),
                h.req("stateRoot").hash(),
                h.req("transactionsRoot").hash(),
                h.req("receiptsRoot").hash(),
                h.req("logsBloom").byteArray(),
                h.req("difficulty").uint256(),
                h.req("number").longValue(),
                h.req("gasLimit").longValue(),
                h.req("gasUsed").longValue(),
                h.req("timestamp").longValue(),
                h.req("extraData").bytes(),
                h.req("mixHash").hash(),
                h.req("nonce").byteArray(),
                optValue(h, "baseFeePerGas", Node::uint256),
                optValue(h, "withdrawalsRoot", Node::hash),
                optValue(h, "blobGasUsed", Node::longValue),
                optValue(h, "excessBlobGas", Node::longValue),
                optValue(h, "parentBeaconBlockRoot", Node::hash),
                optValue(h, "requestsHash", Node::hash));
    }

    private static Transaction transaction(Node t) {
        return new Transaction(
                Math.toIntExact(t.req("type").longValue()),
                orEmpty(optList(t, "accessList", e -> new Transaction.AccessListEntry(e.req("address").address(),
                        orEmpty(optList(e, "storageKeys", Node::hash))))),
                optValue(t, "chainId", Node::uint256),
                t.req("nonce").longValue(),
                t.req("gasPrice").uint256(),
                optValue(t, "gasTipCap", Node::uint256),
                optValue(t, "gasFeeCap", Node::uint256),
                t.req("gas").longValue(),
                optValue(t, "from", Node::address),
                optValue(t, "to", Node::address),
                t.req("value").uint256(),
                t.req("input").bytes(),
                optValue(t, "v", Node::uint256),
                optValue(t, "r", Node::uint256),
                optValue(t, "s", Node::uint256),
                optValue(t, "blobFeeCap", Node::uint256),
                optList(t, "blobHashes", Node::hash),
                optValue(t, "blobGas", Node::longValue),
                optValue(t, "Data", Node::text),
                optList(t, "AuthList", a -> new Transaction.Authorization(a.req("chainId").uint256(),
                        a.req("address").address(), a.req("nonce").longValue(), a.req("yParity").uint256(),
                        a.req("r").uint256(), a.req("s").uint256())));
    }

    private static Receipt receipt(Node r) {
        return new Receipt(
                r.req("PostStateOrStatus").bytes(),
                r.req("CumulativeGasUsed").longValue(),
                r.req("TxHash").hash(),
                r.req("ContractAddress").address(),
                orEmpty(optList(r, "Logs", l -> new Receipt.Log(
                        l.req("address").address(),
                        orEmpty(optList(l, "topics", Node::hash)),
                        l.opt("data") == null ? Bytes.EMPTY : l.req("data").bytes(),
                        optLong(l, "blockNumber", 0),
                        optValue(l, "transactionHash", Node::hash),
                        (int) optLong(l, "transactionIndex", 0),
                        optValue(l, "blockHash", Node::hash),
                        (int) optLong(l, "logIndex", 0),
                        l.opt("removed") != null && l.req("removed").isTrue()))),
                r.req("GasUsed").longValue());
    }

    private static <T> T optValue(Node parent, String name, Function<Node, T> read) {
        Node child = parent.opt(name);
        return child == null ? null : read.apply(child);
    }

    private static <T> List<T> optList(Node parent, String name, Function<Node, T> read) {
        Node child = parent.opt(name);
        return child == null ? null : child.list(read);
    }

    private static long optLong(Node parent, String name, long otherwise) {
        Node child = parent.opt(name);
        return child == null ? otherwise : child.longValue();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String fieldNames(JsonValue.Obj node) {
        List<String> names = new ArrayList<>();
        node.fields().keySet().forEach(name -> names.add(SafeText.quote(name)));
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + " and " + (names.size() - 8) + " more";
    }

    /** A JSON value and where it is, so that every error names its path. */
    private record Node(JsonValue json, String path) {

        /** A field that must be there and not null. */
        Node req(String name) {
            Node child = opt(name);
            if (child == null) {
                throw error(json instanceof JsonValue.Obj o && o.fields().containsKey(name) ? "is null" : "is missing",
                        name);
            }
            return child;
        }

        /** A field, or null when absent or null. Avro-JSON union wrappers are unwrapped. */
        Node opt(String name) {
            JsonValue child = json instanceof JsonValue.Obj o ? o.fields().get(name) : null;
            if (child == null || child instanceof JsonValue.Null) {
                return null;
            }
            if (child instanceof JsonValue.Obj wrapper && wrapper.fields().size() == 1) {
                Map.Entry<String, JsonValue> only = wrapper.fields().entrySet().iterator().next();
                if (UNION_WRAPPERS.contains(only.getKey())) {
                    child = only.getValue();
                    if (child instanceof JsonValue.Null) {
                        return null;
                    }
                }
            }
            return new Node(child, path.isEmpty() ? name : path + "." + name);
        }

        <T> List<T> list(Function<Node, T> read) {
            if (!(json instanceof JsonValue.Arr array)) {
                throw fail("is not an array");
            }
            List<T> out = new ArrayList<>(array.items().size());
            for (int i = 0; i < array.items().size(); i++) {
                out.add(read.apply(new Node(array.items().get(i), path + "[" + i + "]")));
            }
            return out;
        }

        /** The string's characters, in place (see {@link JsonTree}). */
        CharSequence chars() {
            if (!(json instanceof JsonValue.Str str)) {
                throw fail("is not a string");
            }
            return str.text();
        }

        String text() {
            return chars().toString();
        }

        Hash hash() {
            try {
                return Hash.fromHex(chars());
            } catch (IllegalArgumentException e) {
                throw fail(SafeText.line(e.getMessage()));
            }
        }

        Address address() {
            try {
                return Address.fromHex(chars());
            } catch (IllegalArgumentException e) {
                throw fail(SafeText.line(e.getMessage()));
            }
        }

        /** Base64, or hex when it starts with {@code 0x} (which base64 text never does). */
        Bytes bytes() {
            CharSequence s = chars();
            try {
                return s.length() >= 2 && s.charAt(0) == '0' && s.charAt(1) == 'x' ? Bytes.fromHex(s)
                        : Bytes.fromBase64(s);
            } catch (IllegalArgumentException e) {
                throw fail(SafeText.line(e.getMessage()));
            }
        }

        /** An array of byte-valued numbers (bloom, header nonce), or the same as a byte string. */
        Bytes byteArray() {
            if (json instanceof JsonValue.Str) {
                return bytes();
            }
            if (!(json instanceof JsonValue.Arr array)) {
                throw fail("is neither an array of bytes nor a string");
            }
            byte[] out = new byte[array.items().size()];
            for (int i = 0; i < out.length; i++) {
                JsonValue item = array.items().get(i);
                int value = item instanceof JsonValue.Num n && fitsInt(n.asDecimal()) ? n.asDecimal().intValue() : -1;
                if (value < 0 || value > 255) {
                    throw new SpecimenException(path + "[" + i + "] is not a byte value: "
                            + new Node(item, path).shown());
                }
                out[i] = (byte) value;
            }
            return Bytes.wrap(out);
        }

        private static boolean fitsInt(BigDecimal value) {
            return value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0;
        }

        /** Any integer form: JSON integer, integral float, {@code "0x…"} hex or decimal string. */
        BigDecimal decimal() {
            try {
                if (json instanceof JsonValue.Num n) {
                    return n.asDecimal();
                }
                String s = text().trim();
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    return new BigDecimal(UInt256.fromHex(s).toBigInteger());
                }
                return new BigDecimal(s);
            } catch (NumberFormatException | ArithmeticException e) {
                throw fail("is not a number: " + shown());
            } catch (IllegalArgumentException e) {
                throw fail(SafeText.line(e.getMessage()));
            }
        }

        BigInteger integer() {
            if (json instanceof JsonValue.Num n && !n.isFloat()) {
                return n.integer();
            }
            BigDecimal value = decimal();
            try {
                return value.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw fail("is not an integer: " + shown());
            }
        }

        /** A hex string without surrounding blanks, read in place; null for any other form. */
        private CharSequence plainHex() {
            if (json instanceof JsonValue.Str str && Hex.hasPrefix(str.text())) {
                CharSequence s = str.text();
                return s.charAt(s.length() - 1) > ' ' ? s : null;
            }
            return null;
        }

        /**
         * For a number written as a float ({@code 6.470752280216348e+17}, known loss 3): the ulp of the double it
         * was, which is how far the real value may be from the text; zero for one written as an integer or hex, or
         * a float below 2^53 (where a double holds every integer).
         */
        UInt256 floatPrecision() {
            boolean asFloat = json instanceof JsonValue.Num n && n.isFloat()
                    || json instanceof JsonValue.Str && plainHex() == null
                    && !text().trim().toLowerCase(java.util.Locale.ROOT).startsWith("0x")
                    && text().chars().anyMatch(c -> c == '.' || c == 'e' || c == 'E');
            if (!asFloat) {
                return UInt256.ZERO;
            }
            double d = decimal().doubleValue();
            if (!(Math.abs(d) >= TWO_TO_53) || Double.isInfinite(d)) {
                return UInt256.ZERO;
            }
            return UInt256.of(new BigDecimal(Math.ulp(d)).toBigIntegerExact());
        }

        UInt256 uint256() {
            try {
                CharSequence hex = plainHex();
                return hex != null ? UInt256.fromHex(hex) : UInt256.of(integer());
            } catch (IllegalArgumentException e) {
                throw fail(SafeText.line(e.getMessage()));
            }
        }

        Long longValue() {
            CharSequence hex = plainHex();
            if (hex != null) {
                UInt256 value = uint256();
                if (!value.fitsLong()) {
                    throw fail("is out of range for a 64-bit quantity: " + shown());
                }
                return value.u0();
            }
            BigInteger value = integer();
            if (value.signum() < 0 || value.bitLength() > 63) {
                throw fail("is out of range for a 64-bit quantity: " + shown());
            }
            return value.longValue();
        }

        /** As Jackson's {@code asBoolean()}: true, "true", or a non-zero integer. */
        boolean isTrue() {
            return switch (json) {
                case JsonValue.Bool b -> b.value();
                case JsonValue.Str str -> "true".equals(str.text().toString().trim());
                case JsonValue.Num n -> !n.isFloat() && n.integer().signum() != 0;
                default -> false;
            };
        }

        /** The value as a message may quote it. */
        String shown() {
            return SafeText.quote(json instanceof JsonValue.Str str ? str.text().toString() : json.toString());
        }

        SpecimenException fail(String what) {
            return new SpecimenException(path + " " + what);
        }

        SpecimenException error(String what, String name) {
            return new SpecimenException((path.isEmpty() ? name : path + "." + name) + " " + what);
        }
    }
}
