package io.cqt.refiner.pipeline;

import io.cqt.refiner.logging.Redaction;
import io.cqt.refiner.proofchain.JsonRpcClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What proof-chain mode checks before it opens the journal, so that a wrong URL fails the start with the key named
 * instead of opening breakers later: the RPC node answers {@code eth_chainId} with {@code proofChainId} (a node of
 * another chain would sign transactions it can never include), and the pinner and evm-server, when configured,
 * accept a TCP connection.
 */
public final class StartupChecks {
    private final Vertx vertx;
    private final ProofChainConfig config;

    private final WebClient web;

    public StartupChecks(Vertx vertx, ProofChainConfig config) {
        this(vertx, config, null);
    }

    /** @param web the client for the RPC check; null: one of its own, closed after it */
    public StartupChecks(Vertx vertx, ProofChainConfig config, WebClient web) {
        this.vertx = vertx;
        this.config = config;
        this.web = web;
    }

    /** Runs every check at once; fails with the first failure's one-line message. */
    public Future<Void> run() {
        List<Future<Void>> checks = new ArrayList<>();
        checks.add(chainId());
        if (config.pinnerUrl() != null) {
            checks.add(connects("pinnerUrl", config.pinnerUrl()));
        }
        if (config.evmServerUrl() != null) {
            checks.add(connects("evmServerUrl", config.evmServerUrl()));
        }
        return Future.join(checks).transform(done -> {
            for (Future<Void> check : checks) {
                if (check.failed()) {
                    return Future.failedFuture(check.cause());
                }
            }
            return Future.succeededFuture();
        });
    }

    private Future<Void> chainId() {
        WebClient client = web != null ? web : WebClient.create(vertx);
        JsonRpcClient rpc = new JsonRpcClient(client, config.rpcUrl().toString(),
                Duration.ofMillis(config.startCheckMillis()));
        return rpc.chainId()
                .recover(e -> Future.failedFuture(failure("proofChainRpcUrl", Redaction.url(config.rpcUrl())
                        + " does not answer eth_chainId: " + Failures.describe(e))))
                .compose(id -> id == config.proofChainId() ? Future.<Void>succeededFuture()
                        : Future.failedFuture(failure("proofChainRpcUrl", Redaction.url(config.rpcUrl()) + " is chain " + id
                        + ", but " + ProofChainConfig.describe("proofChainId") + " is " + config.proofChainId())))
                .andThen(done -> {
                    if (client != web) {
                        client.close();
                    }
                });
    }

    private Future<Void> connects(String key, URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        NetClient client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.startCheckMillis())));
        return client.connect(port, url.getHost())
                .compose(socket -> socket.close())
                .recover(e -> Future.failedFuture(failure(key, Redaction.url(url) + " is unreachable: "
                        + Redaction.inText(Failures.describe(e), url))))
                .andThen(done -> client.close());
    }

    private static IllegalArgumentException failure(String key, String why) {
        return new IllegalArgumentException("config " + ProofChainConfig.describe(key) + ": "
                + ProofChainConfig.shown(why));
    }
}
