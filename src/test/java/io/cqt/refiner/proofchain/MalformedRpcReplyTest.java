package io.cqt.refiner.proofchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;

/** A small misbehaving JSON-RPC server: each bad reply fails the call with a clear error, never a hang. */
@ExtendWith(VertxExtension.class)
class MalformedRpcReplyTest {

    @Test
    void garbageIsNotJson(Vertx vertx) {
        RpcException e = failure(vertx, request -> "<html>bad gateway</html>", c -> c.blockNumber());
        assertEquals(RpcException.Kind.MALFORMED, e.kind());
        assertEquals("eth_blockNumber: reply is not JSON: '<html>bad gateway</html>'", e.getMessage());
    }

    @Test
    void aWrongIdIsRejected(Vertx vertx) {
        RpcException e = failure(vertx, request -> new JsonObject().put("jsonrpc", "2.0")
                .put("id", request.getLong("id") + 1).put("result", "0x1").encode(), c -> c.chainId());
        assertEquals(RpcException.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().matches("eth_chainId: reply id \\d+ does not match request id \\d+"), e.getMessage());
    }

    @Test
    void anErrorObjectIsReportedWithItsCodeAndMessage(Vertx vertx) {
        RpcException e = failure(vertx, request -> new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                .put("error", new JsonObject().put("code", -32000).put("message", "header not found")).encode(),
                c -> c.blockNumber());
        assertEquals(RpcException.Kind.ERROR_OBJECT, e.kind());
        assertEquals("eth_blockNumber: error -32000: header not found", e.getMessage());
        assertEquals(-32000, e.error().getInteger("code"));
    }

    @Test
    void aResultOfTheWrongShapeIsRejected(Vertx vertx) {
        RpcException e = failure(vertx, request -> new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                .put("result", "twelve").encode(), c -> c.blockNumber());
        assertEquals(RpcException.Kind.MALFORMED, e.kind());
        assertEquals("eth_blockNumber: expected a hex quantity, got 'twelve'", e.getMessage());
    }

    @Test
    void aReplyWithoutResultIsRejected(Vertx vertx) {
        RpcException e = failure(vertx, request -> new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                .encode(), c -> c.chainId());
        assertEquals(RpcException.Kind.MALFORMED, e.kind());
        assertTrue(e.getMessage().startsWith("eth_chainId: reply has neither result nor error"), e.getMessage());
    }

    @Test
    void noReplyTimesOut(Vertx vertx) {
        HttpServer silent = await(vertx.createHttpServer().requestHandler(request -> { }).listen(0, "127.0.0.1"));
        JsonRpcClient client = new JsonRpcClient(WebClient.create(vertx),
                "http://127.0.0.1:" + silent.actualPort(), Duration.ofMillis(300));
        RpcException e = failureOf(client.blockNumber());
        assertEquals(RpcException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().startsWith("eth_blockNumber: no reply from http://127.0.0.1:"), e.getMessage());
    }

    private static RpcException failure(Vertx vertx, Function<JsonObject, String> reply,
            Function<JsonRpcClient, Future<?>> call) {
        HttpServer server = await(vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> request.response()
                        .putHeader("content-type", "application/json")
                        .end(reply.apply(body.toJsonObject()))))
                .listen(0, "127.0.0.1"));
        JsonRpcClient client = new JsonRpcClient(WebClient.create(vertx), "http://127.0.0.1:" + server.actualPort(),
                Duration.ofSeconds(5));
        return failureOf(call.apply(client));
    }

    private static RpcException failureOf(Future<?> future) {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return assertInstanceOf(RpcException.class, e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static <T> T await(Future<T> future) {
        return HardhatChain.await(future);
    }
}
