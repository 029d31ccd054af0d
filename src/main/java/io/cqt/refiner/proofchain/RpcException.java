package io.cqt.refiner.proofchain;

import io.vertx.core.json.JsonObject;

/**
 * A JSON-RPC call that did not produce a usable result. The message always names the method.
 * {@link Kind#ERROR_OBJECT} carries the node's error object (a revert shows up here).
 */
public final class RpcException extends RuntimeException {
    public enum Kind {
        /** No HTTP reply, a connection failure or a non-200 status. */
        TRANSPORT,
        /** No reply within the client's timeout. */
        TIMEOUT,
        /** A reply that is not valid JSON-RPC: not JSON, wrong id, no result, a result of the wrong shape. */
        MALFORMED,
        /** The node answered with a JSON-RPC error object. */
        ERROR_OBJECT
    }

    private final String method;
    private final Kind kind;
    private final JsonObject error;

    RpcException(String method, Kind kind, String detail, JsonObject error, Throwable cause) {
        super(method + ": " + detail, cause);
        this.method = method;
        this.kind = kind;
        this.error = error;
    }

    static RpcException malformed(String method, String detail) {
        return new RpcException(method, Kind.MALFORMED, detail, null, null);
    }

    public String method() {
        return method;
    }

    public Kind kind() {
        return kind;
    }

    /** The node's error object for {@link Kind#ERROR_OBJECT}, else null. */
    public JsonObject error() {
        return error;
    }
}
