package io.cqt.refiner.cli;

import io.cqt.refiner.evm.block.Verification;
import java.util.Locale;

/** What a {@code refine} run over many files came to, for the account it prints at the end. One run, one thread. */
final class RefineTally {
    private final long startNanos;
    private int verified;
    private int lossy;
    private int mismatched;
    private int failed;
    private long gas;

    RefineTally(long startNanos) {
        this.startNanos = startNanos;
    }

    /** A specimen executed: verified, lossy (a difference the specimen explains), or not verified. */
    void executed(long gasUsed, Verification v) {
        gas += gasUsed;
        if (v.verified()) {
            verified++;
        } else if (v.lossy() != null && v.acceptable()) {
            lossy++;
        } else {
            mismatched++;
        }
    }

    /** A specimen that could not be read or executed. */
    void failed() {
        failed++;
    }

    /** {@code 40 specimens in 12.3 s: 37 verified, 2 lossy, 0 not verified, 1 failed; 1234567 gas, 0.1 Mgas/s}. */
    String summary(long nowNanos) {
        double seconds = Math.max(nowNanos - startNanos, 1) / 1e9;
        int total = verified + lossy + mismatched + failed;
        return String.format(Locale.ROOT, "%d specimens in %.1f s: %d verified, %d lossy, %d not verified, %d failed; "
                + "%d gas, %.1f Mgas/s", total, seconds, verified, lossy, mismatched, failed, gas, gas / seconds / 1e6);
    }
}
