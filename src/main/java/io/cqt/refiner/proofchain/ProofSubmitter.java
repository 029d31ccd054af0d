package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Address;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Proves block results on the BRP contract: estimates gas (where reverts surface first), sends the transaction and
 * turns every way it can end into a {@link ProofOutcome}. A receipt with status 0 is replayed with
 * {@code eth_call} on the block that mined it, so a revert there gets the same classification as one caught early.
 * The returned future never fails: errors become {@link Disposition#RETRY}.
 */
public final class ProofSubmitter {
    private final JsonRpcClient rpc;
    private final TransactionSender sender;
    private final Address brpContract;

    public ProofSubmitter(JsonRpcClient rpc, TransactionSender sender, Address brpContract) {
        this.rpc = rpc;
        this.sender = sender;
        this.brpContract = brpContract;
    }

    public Future<ProofOutcome> submit(ProofRequest request) {
        return submit(request, signed -> Future.succeededFuture());
    }

    /** As {@link #submit(ProofRequest)}; each signed transaction goes to the node only after {@code beforeSend}. */
    public Future<ProofOutcome> submit(ProofRequest request, Function<SentTransaction, Future<?>> beforeSend) {
        byte[] data = ProofChainAbi.encodeSubmitBlockResultProof(request.chainId(), request.blockHeight(),
                request.specimenHash(), request.resultHash(), request.storageUrl());
        return rpc.estimateGas(sender.from(), brpContract, data)
                .compose(gas -> sender.send(brpContract, data, gasWithMargin(gas), beforeSend)
                        .compose(receipt -> receipt.succeeded()
                                ? Future.succeededFuture(new ProofOutcome(Disposition.PROVED, "",
                                        receipt.transactionHash()))
                                : replayReverted(data, receipt))
                        .recover(failure -> Future.succeededFuture(
                                new ProofOutcome(Disposition.RETRY, failure.getMessage(), null))))
                .recover(failure -> Future.succeededFuture(revertOutcome(failure, null)));
    }

    // The state can move between the estimate and the block; a little headroom avoids an out-of-gas revert.
    private static long gasWithMargin(long estimate) {
        return estimate + estimate / 5;
    }

    private Future<ProofOutcome> replayReverted(byte[] data, TransactionReceipt receipt) {
        return rpc.call(sender.from(), brpContract, data, JsonRpcClient.quantity(receipt.blockNumber()))
                .map(ignored -> new ProofOutcome(Disposition.RETRY, "transaction " + receipt.transactionHash()
                        + " reverted, but its replay did not", receipt.transactionHash()))
                .recover(failure -> Future.succeededFuture(revertOutcome(failure, receipt)));
    }

    private static ProofOutcome revertOutcome(Throwable failure, TransactionReceipt receipt) {
        RevertClassifier.Revert revert = RevertClassifier.classify(failure);
        String detail = revert.reason().isEmpty() ? String.valueOf(failure.getMessage()) : revert.reason();
        return new ProofOutcome(revert.disposition(), detail, receipt == null ? null : receipt.transactionHash());
    }
}
