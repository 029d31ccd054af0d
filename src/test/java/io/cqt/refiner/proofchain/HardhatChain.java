package io.cqt.refiner.proofchain;

import io.cqt.refiner.testing.TestServices;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;

/**
 * The local Hardhat node the proofchain tests run against ({@code .ci/start-hardhat}, started by the build through
 * {@link TestServices}, or the one {@code REFINER_HARDHAT_RPC} names), and helpers to deploy and drive the project's
 * TestProofChain contract from Hardhat's unlocked account #0.
 */
public final class HardhatChain {
    public static final String RPC_VARIABLE = TestServices.HARDHAT_VARIABLE;
    /** Hardhat's default account #0 (unlocked on the node; pays for deployments and test hooks). */
    public static final Address DEPLOYER = Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    /** Hardhat's default account #1 key, public knowledge, used as the operator key the refiner signs with. */
    public static final String OPERATOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    public static final long CHAIN_ID = 31337;

    public final JsonRpcClient rpc;

    private HardhatChain(JsonRpcClient rpc) {
        this.rpc = rpc;
    }

    /** Connects (the build starts the node on first use), or skips the calling test saying why there is none. */
    public static HardhatChain connect(Vertx vertx) {
        String url = TestServices.hardhatRpc();
        return new HardhatChain(new JsonRpcClient(WebClient.create(vertx), url, Duration.ofSeconds(20)));
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete: " + e, e);
        }
    }

    static String resource(String name) {
        try (InputStream in = HardhatChain.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Deploys a fresh TestProofChain and returns its address. */
    public Address deployContract() {
        Hash tx = sendFromDeployer(new JsonObject().put("data", resource("TestProofChain.bin")));
        JsonObject receipt = (JsonObject) await(rpc.call("eth_getTransactionReceipt", tx.toHex()));
        return Address.fromHex(receipt.getString("contractAddress"));
    }

    /** Calls a test hook from account #0 and waits for it to be mined (automine on). */
    public Hash hook(Address contract, String name, Type<?>... args) {
        String data = FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
        Hash tx = sendFromDeployer(new JsonObject().put("to", contract.toHex()).put("data", data));
        TransactionReceipt receipt = await(rpc.getTransactionReceipt(tx));
        if (receipt == null || !receipt.succeeded()) {
            throw new AssertionError("hook " + name + " did not succeed: " + receipt);
        }
        return tx;
    }

    /** Sends a hook from account #0 without waiting (for blocks mined by hand). */
    Hash sendFromDeployer(JsonObject tx) {
        tx.put("from", DEPLOYER.toHex()).put("gas", JsonRpcClient.quantity(5_000_000));
        return JsonRpcClient.hash("eth_sendTransaction", await(rpc.call("eth_sendTransaction", tx)));
    }

    public byte[] call(Address contract, String data) {
        return await(rpc.call(DEPLOYER, contract, Hex.decode(data), "latest"));
    }

    void setAutomine(boolean on) {
        await(rpc.call("evm_setAutomine", on));
    }

    void mine() {
        await(rpc.call("evm_mine"));
    }
}
