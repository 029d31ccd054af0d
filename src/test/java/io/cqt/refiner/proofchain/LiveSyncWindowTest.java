package io.cqt.refiner.proofchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The window as the contract computes it, and the search range derived from it (checked block by block). */
class LiveSyncWindowTest {

    private static ChainData chain(long onTarget, long onCurrent, long targetPace, long threshold) {
        return new ChainData(BigInteger.valueOf(onTarget), BigInteger.valueOf(onCurrent),
                BigInteger.valueOf(targetPace), BigInteger.valueOf(threshold), BigInteger.TWO, BigInteger.ONE);
    }

    private static BrpMetadata pace(long seconds) {
        return new BrpMetadata(240, BigInteger.valueOf(seconds));
    }

    @Test
    void theEstimateMovesWithTheProofChainAndTheLowerBoundWaitsForTheWholeThreshold() {
        // Ethereum's 12 s against Moonbeam's 6 s: one target height per two proof-chain blocks.
        ChainData mainnet = chain(20_000_000, 5_000_000, 12, 400);
        LiveSyncWindow window = LiveSyncWindow.at(5_001_000, mainnet, pace(6)).orElseThrow();
        assertEquals(BigInteger.valueOf(20_000_500 - 200), window.lower());
        assertEquals(BigInteger.valueOf(20_000_500 + 200), window.upper());
        assertTrue(window.admits(20_000_300));
        assertFalse(window.admits(20_000_299));
        assertTrue(window.hasPassed(20_000_299));
        assertFalse(window.hasPassed(20_000_701));
        // An estimate below the whole threshold has no lower bound (the contract compares with it, not its half).
        LiveSyncWindow young = LiveSyncWindow.at(10, chain(300, 0, 12, 400), pace(12)).orElseThrow();
        assertEquals(BigInteger.ZERO, young.lower());
        assertEquals(BigInteger.valueOf(510), young.upper());
        // Before the anchor the contract reverts: nothing can be decided.
        assertTrue(LiveSyncWindow.at(4_999_999, mainnet, pace(6)).isEmpty());
    }

    @Test
    void theOpeningRangeHoldsEveryBlockWhoseWindowAdmitsTheHeight() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            long onCurrent = random.nextInt(50);
            // some young chains whose estimate is still below the whole threshold (lower bound 0)
            ChainData chain = chain(random.nextInt(1_500), onCurrent, 1 + random.nextInt(15),
                    1 + random.nextInt(round % 4 == 0 ? 2_000 : 120));
            BrpMetadata metadata = pace(1 + random.nextInt(15));
            long head = onCurrent + 400 + random.nextInt(400);
            long height = random.nextInt(2_100);
            long[] range = LiveSyncWindow.openingBlocks(height, chain, metadata, head);
            for (long block = onCurrent; block <= head; block++) {
                boolean admitted = LiveSyncWindow.at(block, chain, metadata).orElseThrow().admits(height);
                if (admitted) {
                    String where = "height " + height + " admitted at block " + block + " of " + chain + ", "
                            + metadata;
                    assertEquals(2, range.length, where);
                    assertTrue(range[0] <= block && block <= range[1], where + ", range " + range[0] + ".."
                            + (range.length > 1 ? range[1] : ""));
                }
            }
        }
    }
}
