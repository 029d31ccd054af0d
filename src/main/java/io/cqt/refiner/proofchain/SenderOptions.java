package io.cqt.refiner.proofchain;

import java.time.Duration;

/**
 * How {@link TransactionSender} waits: it polls for the receipt every {@code pollInterval}; after
 * {@code stuckAfterPolls} polls without one it re-signs the same nonce with fees raised by {@code feeBumpPercent};
 * after {@code maxPolls} it gives up (the caller retries later).
 */
public record SenderOptions(Duration pollInterval, int stuckAfterPolls, int maxPolls, int feeBumpPercent) {
    public SenderOptions {
        if (pollInterval.isNegative() || pollInterval.isZero() || stuckAfterPolls < 1 || maxPolls < 1) {
            throw new IllegalArgumentException("sender options need a positive poll interval and poll counts");
        }
        // Nodes refuse a replacement that raises fees by less than 10% (geth's default price bump).
        if (feeBumpPercent < 10) {
            throw new IllegalArgumentException("feeBumpPercent must be at least 10, got " + feeBumpPercent);
        }
    }

    /** Moonbeam makes a block about every 12 s: poll each 2 s, bump after a minute, give up after ten. */
    public static SenderOptions defaults() {
        return new SenderOptions(Duration.ofSeconds(2), 30, 300, 15);
    }
}
