package io.cqt.refiner.proofchain;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.RawTransaction;

/**
 * Sends EIP-1559 transactions from one operator key: tracks its nonce, waits for the receipt and, when a
 * transaction is stuck, re-signs the same nonce with higher fees. Use one instance per key, on one Vert.x context.
 */
public final class TransactionSender {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);

    private final Vertx vertx;
    private final JsonRpcClient rpc;
    private final OperatorKey key;
    private final long chainId;
    private final SenderOptions options;
    private final Consumer<SentTransaction> onSent;
    /** The next nonce to use, or null to read it from the node's pending count. */
    private Long nextNonce;
    /** Serialises nonce reservation and the first send, so two submissions never take the same nonce. */
    private Future<?> tail = Future.succeededFuture();

    public TransactionSender(Vertx vertx, JsonRpcClient rpc, OperatorKey key, long chainId, SenderOptions options,
            Consumer<SentTransaction> onSent) {
        this.vertx = vertx;
        this.rpc = rpc;
        this.key = key;
        this.chainId = chainId;
        this.options = options;
        this.onSent = onSent;
    }

    public Address from() {
        return key.address();
    }

    /** Sends a call to {@code to} with {@code gasLimit} and completes with its receipt once mined. */
    public Future<TransactionReceipt> send(Address to, byte[] data, long gasLimit) {
        return send(to, data, gasLimit, signed -> Future.succeededFuture());
    }

    /**
     * As {@link #send(Address, byte[], long)}, calling {@code beforeSend} with each signed transaction (its hash is
     * known once signed) and handing it to the node only after the returned future succeeds, so a caller can
     * record the hash durably first.
     */
    public Future<TransactionReceipt> send(Address to, byte[] data, long gasLimit,
            Function<SentTransaction, Future<?>> beforeSend) {
        Future<SentTransaction> first = tail.transform(ignored -> sendFirst(to, data, gasLimit, beforeSend));
        tail = first;
        return first.compose(sent -> awaitReceipt(to, data, gasLimit, sent, beforeSend));
    }

    private Future<SentTransaction> sendFirst(Address to, byte[] data, long gasLimit,
            Function<SentTransaction, Future<?>> beforeSend) {
        Future<Long> nonce = nextNonce != null ? Future.succeededFuture(nextNonce) : rpc.pendingNonce(key.address());
        return nonce.compose(n -> fees().compose(fees -> sign(to, data, gasLimit, n, fees[0], fees[1], 1,
                        beforeSend)))
                .andThen(result -> {
                    if (result.succeeded()) {
                        nextNonce = result.result().nonce() + 1;
                    } else {
                        nextNonce = null; // the nonce may or may not be taken: ask the node next time
                    }
                });
    }

    /** {maxPriorityFeePerGas, maxFeePerGas}, with maxFee = 2 × next base fee + tip. */
    private Future<BigInteger[]> fees() {
        return rpc.maxPriorityFeePerGas().compose(tip -> rpc.nextBaseFee()
                .map(base -> new BigInteger[] {tip, base.shiftLeft(1).add(tip)}));
    }

    private Future<SentTransaction> sign(Address to, byte[] data, long gasLimit, long nonce, BigInteger tip,
            BigInteger maxFee, int attempt, Function<SentTransaction, Future<?>> beforeSend) {
        RawTransaction raw = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce),
                BigInteger.valueOf(gasLimit), to.toHex(), BigInteger.ZERO, Hex.encode(data), tip, maxFee);
        byte[] signed = key.sign(raw);
        // A typed transaction's hash is the keccak of its envelope: known before the node sees it.
        SentTransaction sent = new SentTransaction(Keccak256.of(signed), nonce, tip, maxFee, attempt);
        return beforeSend.apply(sent).compose(ready -> rpc.sendRawTransaction(signed)).map(hash -> {
            if (!hash.equals(sent.hash())) {
                LOG.warn("node reports hash {} for transaction {}", hash, sent.hash());
            }
            onSent.accept(sent);
            return sent;
        });
    }

    private Future<TransactionReceipt> awaitReceipt(Address to, byte[] data, long gasLimit, SentTransaction first,
            Function<SentTransaction, Future<?>> beforeSend) {
        Promise<TransactionReceipt> done = Promise.promise();
        List<Hash> sentHashes = new ArrayList<>(List.of(first.hash()));
        poll(to, data, gasLimit, first, sentHashes, 1, 0, done, beforeSend);
        return done.future();
    }

    private void poll(Address to, byte[] data, long gasLimit, SentTransaction latest, List<Hash> sentHashes,
            int poll, int pollsSinceSend, Promise<TransactionReceipt> done,
            Function<SentTransaction, Future<?>> beforeSend) {
        vertx.setTimer(options.pollInterval().toMillis(), timer -> firstReceipt(sentHashes, 0).onComplete(result -> {
            if (result.succeeded() && result.result() != null) {
                done.complete(result.result());
                return;
            }
            if (result.failed()) {
                LOG.warn("polling receipt of {} failed: {}", latest.hash(), result.cause().getMessage());
            }
            if (poll >= options.maxPolls()) {
                nextNonce = null;
                done.fail(new RpcException("eth_getTransactionReceipt", RpcException.Kind.TIMEOUT, "transaction "
                        + latest.hash() + " (nonce " + latest.nonce() + ") not mined after " + poll + " polls",
                        null, null));
                return;
            }
            if (pollsSinceSend + 1 < options.stuckAfterPolls()) {
                poll(to, data, gasLimit, latest, sentHashes, poll + 1, pollsSinceSend + 1, done, beforeSend);
                return;
            }
            bump(to, data, gasLimit, latest, beforeSend).onComplete(bumped -> {
                if (bumped.succeeded()) {
                    sentHashes.add(bumped.result().hash());
                    poll(to, data, gasLimit, bumped.result(), sentHashes, poll + 1, 0, done, beforeSend);
                } else {
                    // Often an earlier attempt was just mined ("nonce too low"): the next poll finds its receipt.
                    LOG.warn("resubmitting nonce {} failed: {}", latest.nonce(), bumped.cause().getMessage());
                    poll(to, data, gasLimit, latest, sentHashes, poll + 1, 0, done, beforeSend);
                }
            });
        }));
    }

    private Future<SentTransaction> bump(Address to, byte[] data, long gasLimit, SentTransaction stuck,
            Function<SentTransaction, Future<?>> beforeSend) {
        return fees().compose(current -> {
            BigInteger tip = raise(stuck.maxPriorityFeePerGas()).max(current[0]);
            BigInteger maxFee = raise(stuck.maxFeePerGas()).max(current[1]).max(tip);
            LOG.info("nonce {} not mined after {} polls; resubmitting with maxFeePerGas {}", stuck.nonce(),
                    options.stuckAfterPolls(), maxFee);
            return sign(to, data, gasLimit, stuck.nonce(), tip, maxFee, stuck.attempt() + 1, beforeSend);
        });
    }

    private BigInteger raise(BigInteger fee) {
        return fee.multiply(BigInteger.valueOf(100 + options.feeBumpPercent())).divide(BigInteger.valueOf(100))
                .add(BigInteger.ONE);
    }

    /** The receipt of whichever sent hash was mined, or null. */
    private Future<TransactionReceipt> firstReceipt(List<Hash> hashes, int index) {
        if (index == hashes.size()) {
            return Future.succeededFuture(null);
        }
        return rpc.getTransactionReceipt(hashes.get(index))
                .compose(receipt -> receipt != null ? Future.succeededFuture(receipt) : firstReceipt(hashes, index + 1));
    }
}
