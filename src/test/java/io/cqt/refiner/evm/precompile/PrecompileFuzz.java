package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

/** Random-input loops shared by the precompile tests: no input may make a precompile throw. */
final class PrecompileFuzz {
    private PrecompileFuzz() {
    }

    /**
     * Runs {@code count} random inputs through gas and run. Lengths are drawn from {@code lengths} (typical sizes
     * and their neighbours hit the parsing edges far more often than uniform lengths would).
     */
    static void neverThrows(Precompile precompile, long seed, int count, int... lengths) {
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            int base = lengths[random.nextInt(lengths.length)];
            int length = Math.max(0, base + random.nextInt(3) - 1);
            byte[] input = new byte[length];
            random.nextBytes(input);
            if (random.nextInt(4) == 0) {
                // Mostly-zero inputs reach the branches behind "is this zero / infinity" checks.
                for (int j = 0; j < length; j++) {
                    if (random.nextInt(8) != 0) {
                        input[j] = 0;
                    }
                }
            }
            byte[] copy = input.clone();
            long gas = precompile.gas(input);
            assertTrue(gas >= 0, () -> precompile.name() + " gas negative");
            PrecompileResult result = precompile.run(input);
            assertNotNull(result.output());
            assertTrue(result.success() || result.output().length == 0);
            assertTrue(java.util.Arrays.equals(copy, input), () -> precompile.name() + " modified its input");
        }
    }
}
