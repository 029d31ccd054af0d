package io.cqt.refiner.proofchain;

import io.cqt.refiner.logging.Redaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ethereum JSON-RPC over the Vert.x Web Client. Every reply is checked (JSON, matching id, result present and of
 * the expected shape); anything else fails the future with an {@link RpcException} naming the method.
 */
public final class JsonRpcClient {
    private static final int MAX_QUOTED_CHARS = 120;

    private final WebClient client;
    private final String url;
    private final long timeoutMillis;
    private final URI parsed;
    private final AtomicLong ids = new AtomicLong();

    public JsonRpcClient(WebClient client, String url, Duration timeout) {
        this.client = client;
        this.url = url;
        this.timeoutMillis = timeout.toMillis();
        this.parsed = parse(url);
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A message about a call to this node, without the URL's secrets (the node's reply may quote its path). */
    private String safe(String message) {
        return Redaction.inText(message, parsed);
    }

    public String url() {
        return url;
    }

    /** Sends one request and returns its {@code result} (which may be JSON null). */
    public Future<Object> call(String method, Object... params) {
        long id = ids.incrementAndGet();
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method)
                .put("params", new JsonArray(List.of(params)));
        return client.postAbs(url).timeout(timeoutMillis).putHeader("content-type", "application/json")
                .sendBuffer(request.toBuffer())
                .recover(failure -> Future.failedFuture(transportFailure(method, failure)))
                .compose(response -> Future.succeededFuture(result(method, id, response)));
    }

    private RpcException transportFailure(String method, Throwable failure) {
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return new RpcException(method, RpcException.Kind.TIMEOUT,
                    safe("no reply from " + url + " within " + timeoutMillis + " ms"), null, failure);
        }
        return new RpcException(method, RpcException.Kind.TRANSPORT,
                safe("request to " + url + " failed: " + failure.getMessage()), null, failure);
    }

    private Object result(String method, long id, HttpResponse<Buffer> response) {
        Buffer body = response.body();
        String text = body == null ? "" : body.toString();
        if (response.statusCode() != 200) {
            throw new RpcException(method, RpcException.Kind.TRANSPORT,
                    safe("HTTP " + response.statusCode() + " from " + url + ": " + quote(text)), null, null);
        }
        Object decoded;
        try {
            decoded = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw RpcException.malformed(method, "reply is not JSON: " + quote(text));
        }
        if (!(decoded instanceof JsonObject reply)) {
            throw RpcException.malformed(method, "reply is not a JSON object: " + quote(text));
        }
        Object replyId = reply.getValue("id");
        if (!(replyId instanceof Number n) || n.longValue() != id) {
            throw RpcException.malformed(method, "reply id " + replyId + " does not match request id " + id);
        }
        Object error = reply.getValue("error");
        if (error != null) {
            if (!(error instanceof JsonObject errorObject)) {
                throw RpcException.malformed(method, "error is not an object: " + quote(String.valueOf(error)));
            }
            throw new RpcException(method, RpcException.Kind.ERROR_OBJECT, "error " + errorObject.getValue("code")
                    + ": " + errorObject.getValue("message"), errorObject, null);
        }
        if (!reply.containsKey("result")) {
            throw RpcException.malformed(method, "reply has neither result nor error: " + quote(text));
        }
        return reply.getValue("result");
    }

    // ---- typed methods ----

    public Future<Long> chainId() {
        return call("eth_chainId").map(r -> quantity("eth_chainId", r).longValueExact());
    }

    public Future<Long> blockNumber() {
        return call("eth_blockNumber").map(r -> quantity("eth_blockNumber", r).longValueExact());
    }

    /** The logs of {@code address} with first topic {@code topic0} in the inclusive block range. */
    public Future<List<JsonObject>> getLogs(Address address, Hash topic0, long fromBlock, long toBlock) {
        JsonObject filter = new JsonObject().put("address", address.toHex())
                .put("fromBlock", quantity(fromBlock)).put("toBlock", quantity(toBlock))
                .put("topics", new JsonArray().add(topic0.toHex()));
        return call("eth_getLogs", filter).map(r -> objects("eth_getLogs", r));
    }

    /**
     * The logs of {@code address} whose topics start with {@code topics} (null: any value at that position), in the
     * inclusive block range.
     */
    public Future<List<JsonObject>> getLogs(Address address, List<Hash> topics, long fromBlock, long toBlock) {
        JsonArray filterTopics = new JsonArray();
        topics.forEach(topic -> filterTopics.add(topic == null ? null : topic.toHex()));
        JsonObject filter = new JsonObject().put("address", address.toHex())
                .put("fromBlock", quantity(fromBlock)).put("toBlock", quantity(toBlock)).put("topics", filterTopics);
        return call("eth_getLogs", filter).map(r -> objects("eth_getLogs", r));
    }

    /** The sender of a transaction, or null when the node does not know the transaction. */
    public Future<Address> transactionSender(Hash tx) {
        String method = "eth_getTransactionByHash";
        return call(method, tx.toHex()).map(r -> {
            if (r == null) {
                return null;
            }
            if (!(r instanceof JsonObject transaction)) {
                throw RpcException.malformed(method, "result is not an object: " + quote(String.valueOf(r)));
            }
            byte[] from = bytes(method, transaction.getValue("from"));
            if (from.length != Address.SIZE) {
                throw RpcException.malformed(method, "from is not an address: "
                        + quote(String.valueOf(transaction.getValue("from"))));
            }
            return Address.wrap(from);
        });
    }

    /** {@code eth_call} at {@code block} ("latest" or a hex number); returns the return data. */
    public Future<byte[]> call(Address from, Address to, byte[] data, String block) {
        return call("eth_call", callObject(from, to, data), block).map(r -> bytes("eth_call", r));
    }

    public Future<Long> pendingNonce(Address account) {
        return call("eth_getTransactionCount", account.toHex(), "pending")
                .map(r -> quantity("eth_getTransactionCount", r).longValueExact());
    }

    public Future<Long> estimateGas(Address from, Address to, byte[] data) {
        return call("eth_estimateGas", callObject(from, to, data))
                .map(r -> quantity("eth_estimateGas", r).longValueExact());
    }

    public Future<BigInteger> maxPriorityFeePerGas() {
        return call("eth_maxPriorityFeePerGas").map(r -> quantity("eth_maxPriorityFeePerGas", r));
    }

    /** The base fee of the next block: the last entry of {@code eth_feeHistory}'s {@code baseFeePerGas}. */
    public Future<BigInteger> nextBaseFee() {
        String method = "eth_feeHistory";
        return call(method, quantity(1), "latest", new JsonArray()).map(r -> {
            if (!(r instanceof JsonObject history) || !(history.getValue("baseFeePerGas") instanceof JsonArray fees)
                    || fees.isEmpty()) {
                throw RpcException.malformed(method, "result has no baseFeePerGas list: " + quote(String.valueOf(r)));
            }
            return quantity(method, fees.getValue(fees.size() - 1));
        });
    }

    public Future<Hash> sendRawTransaction(byte[] signed) {
        String method = "eth_sendRawTransaction";
        return call(method, Hex.encode(signed)).map(r -> hash(method, r));
    }

    /** The receipt, or null while the transaction is not mined. */
    public Future<TransactionReceipt> getTransactionReceipt(Hash tx) {
        String method = "eth_getTransactionReceipt";
        return call(method, tx.toHex()).map(r -> {
            if (r == null) {
                return null;
            }
            if (!(r instanceof JsonObject receipt)) {
                throw RpcException.malformed(method, "result is not an object: " + quote(String.valueOf(r)));
            }
            return new TransactionReceipt(hash(method, receipt.getValue("transactionHash")),
                    quantity(method, receipt.getValue("blockNumber")).longValueExact(),
                    quantity(method, receipt.getValue("status")).signum() != 0,
                    quantity(method, receipt.getValue("gasUsed")).longValueExact());
        });
    }

    // ---- reply checking, shared with the ABI layer ----

    private static JsonObject callObject(Address from, Address to, byte[] data) {
        return new JsonObject().put("from", from.toHex()).put("to", to.toHex()).put("data", Hex.encode(data));
    }

    static String quantity(long value) {
        return "0x" + Long.toHexString(value);
    }

    static BigInteger quantity(String method, Object value) {
        if (value instanceof String s && s.startsWith("0x") && s.length() > 2 && s.length() <= 66) {
            try {
                return new BigInteger(s.substring(2), 16);
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw RpcException.malformed(method, "expected a hex quantity, got " + quote(String.valueOf(value)));
    }

    static byte[] bytes(String method, Object value) {
        if (value instanceof String s && Hex.hasPrefix(s) && s.length() % 2 == 0) {
            try {
                return Hex.decode(s);
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
        }
        throw RpcException.malformed(method, "expected hex data, got " + quote(String.valueOf(value)));
    }

    static Hash hash(String method, Object value) {
        byte[] raw = bytes(method, value);
        if (raw.length != Hash.SIZE) {
            throw RpcException.malformed(method, "expected a 32-byte hash, got " + quote(String.valueOf(value)));
        }
        return Hash.wrap(raw);
    }

    private static List<JsonObject> objects(String method, Object value) {
        if (!(value instanceof JsonArray array)) {
            throw RpcException.malformed(method, "expected an array, got " + quote(String.valueOf(value)));
        }
        List<JsonObject> out = new ArrayList<>(array.size());
        for (Object item : array) {
            if (!(item instanceof JsonObject o)) {
                throw RpcException.malformed(method, "expected an array of objects, got " + quote(item + ""));
            }
            out.add(o);
        }
        return out;
    }

    static String quote(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return "'" + (oneLine.length() > MAX_QUOTED_CHARS ? oneLine.substring(0, MAX_QUOTED_CHARS) + "..." : oneLine)
                + "'";
    }
}
