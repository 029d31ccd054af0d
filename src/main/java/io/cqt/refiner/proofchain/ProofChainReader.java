package io.cqt.refiner.proofchain;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.vertx.core.Future;
import java.util.List;

/** The listener's reads: quorum events and storage URLs from the BSP contract, session state from the BRP contract. */
public final class ProofChainReader {
    private final JsonRpcClient rpc;
    private final Address bspContract;
    private final Address brpContract;

    public ProofChainReader(JsonRpcClient rpc, Address bspContract, Address brpContract) {
        this.rpc = rpc;
        this.bspContract = bspContract;
        this.brpContract = brpContract;
    }

    /** The {@code BlockSpecimenQuorum} events in proof-chain blocks {@code fromBlock..toBlock}, in log order. */
    public Future<List<SpecimenQuorum>> specimenQuorums(long fromBlock, long toBlock) {
        return rpc.getLogs(bspContract, ProofChainAbi.BLOCK_SPECIMEN_QUORUM_TOPIC, fromBlock, toBlock)
                .map(logs -> logs.stream().map(ProofChainAbi::decodeSpecimenQuorum).toList());
    }

    public Future<List<String>> urls(Hash specimenHash) {
        return rpc.call(Address.ZERO, bspContract, ProofChainAbi.encodeGetUrls(specimenHash), "latest")
                .map(ProofChainAbi::decodeGetUrls);
    }

    public Future<Boolean> isSessionOpen(long chainId, long blockHeight, Address operator) {
        return rpc.call(Address.ZERO, brpContract, ProofChainAbi.encodeIsSessionOpen(chainId, blockHeight, operator),
                "latest").map(ProofChainAbi::decodeIsSessionOpen);
    }
}
