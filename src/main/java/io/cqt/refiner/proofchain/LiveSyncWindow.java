package io.cqt.refiner.proofchain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The heights whose session the BRP contract lets a submission open at one proof-chain block
 * (docs/proof-chain.md, "the live-sync window"): the target chain's estimated head,
 * {@code blockOnTargetChain + (block − blockOnCurrentChain) × secondsPerBlockCurrentChain ÷ secondsPerBlockTargetChain}
 * (integer division), plus or minus half of {@code allowedThreshold}; the lower bound is 0 until the estimate
 * reaches the whole threshold, as the contract computes it. Only the opening submission is checked against it.
 */
public record LiveSyncWindow(long proofChainBlock, BigInteger lower, BigInteger upper) {

    /**
     * The window at {@code proofChainBlock}, or empty where the contract could not compute one (a block before the
     * anchor makes it revert; a zero pace divides by zero): then nothing can be decided before trying.
     */
    public static Optional<LiveSyncWindow> at(long proofChainBlock, ChainData chain, BrpMetadata metadata) {
        BigInteger block = BigInteger.valueOf(proofChainBlock);
        if (block.compareTo(chain.blockOnCurrentChain()) < 0 || chain.secondsPerBlockTargetChain().signum() == 0) {
            return Optional.empty();
        }
        BigInteger estimate = chain.blockOnTargetChain().add(block.subtract(chain.blockOnCurrentChain())
                .multiply(metadata.secondsPerBlockCurrentChain()).divide(chain.secondsPerBlockTargetChain()));
        BigInteger half = chain.allowedThreshold().shiftRight(1);
        BigInteger lower = estimate.compareTo(chain.allowedThreshold()) >= 0 ? estimate.subtract(half) : BigInteger.ZERO;
        return Optional.of(new LiveSyncWindow(proofChainBlock, lower, estimate.add(half)));
    }

    public boolean admits(long blockHeight) {
        BigInteger height = BigInteger.valueOf(blockHeight);
        return lower.compareTo(height) <= 0 && height.compareTo(upper) <= 0;
    }

    /** The window has moved past this height: no later block can open its session either. */
    public boolean hasPassed(long blockHeight) {
        return BigInteger.valueOf(blockHeight).compareTo(lower) < 0;
    }

    /**
     * The proof-chain blocks in which a session for {@code blockHeight} could have been opened, widened by one block
     * on each side for the integer division, as {@code {from, to}}; empty when the height was never in the window up to
     * {@code head}. The range of a {@code SessionStarted} search. It follows today's anchor: a governor's re-anchoring
     * since then shifts it by the estimate's drift, which the one-block margin does not cover.
     */
    public static long[] openingBlocks(long blockHeight, ChainData chain, BrpMetadata metadata, long head) {
        BigInteger pace = metadata.secondsPerBlockCurrentChain();
        if (pace.signum() == 0 || chain.secondsPerBlockTargetChain().signum() == 0) {
            return new long[] {0, head};
        }
        BigInteger height = BigInteger.valueOf(blockHeight);
        BigInteger half = chain.allowedThreshold().shiftRight(1);
        // upper(b) >= height  ⇔  b >= anchor + (height − half − onTarget) × targetPace ÷ pace
        BigInteger first = chain.blockOnCurrentChain().add(height.subtract(half).subtract(chain.blockOnTargetChain())
                .multiply(chain.secondsPerBlockTargetChain()).divide(pace)).subtract(BigInteger.ONE);
        // lower(b) <= height  ⇔  b <= anchor + (height + half + 1 − onTarget) × targetPace ÷ pace
        BigInteger last = chain.blockOnCurrentChain().add(height.add(half).add(BigInteger.ONE)
                .subtract(chain.blockOnTargetChain()).multiply(chain.secondsPerBlockTargetChain()).divide(pace))
                .add(BigInteger.ONE);
        // and while the estimate is below the whole threshold, the lower bound is 0 and admits any lower height
        BigInteger zeroLowerUntil = chain.blockOnCurrentChain().add(chain.allowedThreshold()
                .subtract(chain.blockOnTargetChain()).multiply(chain.secondsPerBlockTargetChain()).divide(pace))
                .add(BigInteger.ONE);
        last = last.max(zeroLowerUntil);
        BigInteger top = BigInteger.valueOf(head);
        if (last.signum() < 0 || first.compareTo(top) > 0 || first.compareTo(last) > 0) {
            return new long[0];
        }
        return new long[] {first.max(BigInteger.ZERO).longValue(), last.min(top).longValue()};
    }
}
