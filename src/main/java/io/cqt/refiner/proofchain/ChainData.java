package io.cqt.refiner.proofchain;

import java.math.BigInteger;

/**
 * What the BRP contract's {@code getChainData} answers for one source chain: the anchor of its live-sync estimate
 * (a target-chain height at a proof-chain block, and the target's seconds per block), the window's width, the
 * submission limit per operator and height, and the sampling interval ({@code nthBlock}; 0: chain not registered).
 */
public record ChainData(BigInteger blockOnTargetChain, BigInteger blockOnCurrentChain,
        BigInteger secondsPerBlockTargetChain, BigInteger allowedThreshold, BigInteger maxSubmissionsPerBlockHeight,
        BigInteger nthBlock) {

    public boolean registered() {
        return nthBlock.signum() != 0;
    }

    /** Whether the contract accepts proofs for this height at all. */
    public boolean samples(long blockHeight) {
        return registered() && BigInteger.valueOf(blockHeight).mod(nthBlock).signum() == 0;
    }
}
