package io.cqt.refiner.testing;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Stand-ins for a proof chain's JSON-RPC node. */
public final class FakeRpcNode {
    private FakeRpcNode() {
    }

    /**
     * A JSON-RPC node on loopback whose error replies quote the request's path and query and a whole URL with a
     * password, as some proxies do; with {@code chainIdOk} it answers {@code eth_chainId} (1284, the example
     * config's) and fails the rest (503), else fails everything (500).
     */
    public static HttpServer start(boolean chainIdOk) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            JsonObject request = new JsonObject(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            byte[] reply;
            int status;
            if (chainIdOk && "eth_chainId".equals(request.getString("method"))) {
                status = 200;
                reply = new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"))
                        .put("result", "0x504").encode().getBytes(StandardCharsets.UTF_8);
            } else {
                status = chainIdOk ? 503 : 500;
                URI uri = exchange.getRequestURI();
                reply = ("upstream failed for " + uri + " (path " + uri.getPath() + ", key "
                        + uri.getQuery() + ") at http://operator:PASSWORDSECRET@node" + uri)
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        return server;
    }
}
