package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Hex;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MODEXP (0x05): EIP-198 semantics, EIP-2565 and EIP-7883 gas, EIP-7823 bounds. */
class ModExpTest {
    private final ModExp berlin = new ModExp(ModExp.Rules.EIP2565);
    private final ModExp osaka = new ModExp(ModExp.Rules.OSAKA);

    private static String word(long value) {
        return String.format("%064x", value);
    }

    /** EIP-198 example 1: 3^(p-1) mod p = 1 for the secp256k1 field prime p (Fermat). */
    private static final byte[] FERMAT = Hex.decode(word(1) + word(32) + word(32) + "03"
            + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
            + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");

    @Test
    void eip198Example1() {
        assertArrayEquals(Hex.decode(word(1)), berlin.run(FERMAT).output());
        assertArrayEquals(Hex.decode(word(1)), osaka.run(FERMAT).output());
    }

    /** EIP-198 example 2: base length 0 means base 0; 0^(p-1) mod p = 0. */
    @Test
    void eip198Example2ZeroBase() {
        byte[] in = Hex.decode(word(0) + word(32) + word(32)
                + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
                + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
        assertArrayEquals(new byte[32], berlin.run(in).output());
    }

    @Test
    void gasOfFermatExample() {
        // words = ceil(32/8) = 4; exponent has 256 bits so 255 iterations.
        assertEquals(16 * 255 / 3, berlin.gas(FERMAT)); // EIP-2565: divided by 3
        assertEquals(16 * 255, osaka.gas(FERMAT)); // EIP-7883: 16 for lengths <= 32, no division
    }

    @Test
    void minimumGas() {
        byte[] tiny = Hex.decode(word(1) + word(1) + word(1) + "020305");
        assertEquals(200, berlin.gas(tiny));
        assertEquals(500, osaka.gas(tiny));
        assertArrayEquals(new byte[] {3}, berlin.run(tiny).output()); // 2^3 mod 5
    }

    @Test
    void longExponentGas() {
        // expLen 64 whose first 32 bytes are zero: 8 (EIP-2565) or 16 (EIP-7883) per byte beyond 32.
        String in = word(1) + word(64) + word(64) + "02" + "00".repeat(63) + "01" + "00".repeat(63) + "07";
        byte[] input = Hex.decode(in);
        assertEquals(8 * 8 * (8 * 32) / 3, berlin.gas(input)); // words = 8, complexity 64
        assertEquals(2 * 64 * (16 * 32), osaka.gas(input)); // EIP-7883: 2 * words^2 above 32 bytes
        assertArrayEquals(Hex.decode("00".repeat(63) + "02"), berlin.run(input).output());
    }

    @Test
    void inputIsZeroPadded() {
        // Modulus truncated in the input: the missing low bytes read as zero, so m = 0x0500.
        byte[] in = Hex.decode(word(1) + word(1) + word(2) + "03" + "02" + "05");
        assertArrayEquals(Hex.decode("0009"), berlin.run(in).output());
    }

    @Test
    void zeroModulusGivesZeros() {
        byte[] in = Hex.decode(word(1) + word(1) + word(2) + "03" + "02" + "0000");
        assertArrayEquals(new byte[2], berlin.run(in).output());
    }

    @Test
    void zeroModulusLengthReturnsEmptyWithoutReadingHugeOperands() {
        byte[] in = Hex.decode(word(0) + "ff".repeat(32) + word(0));
        PrecompileResult result = berlin.run(in);
        assertTrue(result.success());
        assertEquals(0, result.output().length);
    }

    @Test
    void hugeDeclaredLengthsSaturateGasAndNeverAllocate() {
        byte[] in = Hex.decode("ff".repeat(32) + word(1) + word(1) + "0203");
        assertEquals(Long.MAX_VALUE, berlin.gas(in));
        assertEquals(Long.MAX_VALUE, osaka.gas(in));
        assertFalse(berlin.run(in).success());
        byte[] hugeExp = Hex.decode(word(1) + word(1L << 40) + word(1) + "02");
        assertEquals(16L * 16 * ((1L << 40) - 32), osaka.gas(hugeExp));
        assertEquals(8 * ((1L << 40) - 32) / 3, berlin.gas(hugeExp));
        assertFalse(berlin.run(hugeExp).success());
    }

    @Test
    void eip7823BoundsInOsakaOnly() {
        String mod1024 = word(1) + word(1) + word(1024) + "02" + "03" + "00".repeat(1023) + "07";
        assertTrue(osaka.run(Hex.decode(mod1024)).success());
        String mod1025 = word(1) + word(1) + word(1025) + "02" + "03" + "00".repeat(1024) + "07";
        assertFalse(osaka.run(Hex.decode(mod1025)).success());
        assertTrue(berlin.run(Hex.decode(mod1025)).success());
        assertFalse(osaka.run(Hex.decode(word(1025) + word(1) + word(1))).success(), "base too long");
        assertFalse(osaka.run(Hex.decode(word(1) + word(1025) + word(1))).success(), "exponent too long");
        assertFalse(osaka.run(Hex.decode(word(1) + word(1025) + word(0))).success(), "bounds before modLen 0");
    }

    /** Property: agrees with square-and-multiply on longs for small operands. */
    @Test
    void agreesWithSquareAndMultiply() {
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) {
            long base = random.nextInt(1 << 30);
            long exp = random.nextInt(1 << 20);
            long mod = 1 + random.nextInt((1 << 30) - 1);
            long expected = 1 % mod;
            long b = base % mod;
            for (long e = exp; e > 0; e >>= 1) {
                if ((e & 1) != 0) {
                    expected = expected * b % mod;
                }
                b = b * b % mod;
            }
            byte[] in = Hex.decode(word(4) + word(4) + word(4) + String.format("%08x%08x%08x", base, exp, mod));
            assertEquals(BigInteger.valueOf(expected), new BigInteger(1, berlin.run(in).output()));
        }
    }

    @Test
    void randomInputsNeverThrow() {
        PrecompileFuzz.neverThrows(berlin, 21, 300, 0, 31, 96, 97, 120, 200);
        PrecompileFuzz.neverThrows(osaka, 22, 300, 0, 31, 96, 97, 120, 200);
        // Random headers with small lengths, so the operands are actually computed.
        Random random = new Random(23);
        for (int i = 0; i < 300; i++) {
            byte[] body = new byte[random.nextInt(150)];
            random.nextBytes(body);
            byte[] in = Hex.decode(word(random.nextInt(70)) + word(random.nextInt(70)) + word(random.nextInt(70))
                    + Hex.encode(body).replace("0x", ""));
            assertTrue(berlin.run(in).success());
            assertTrue(osaka.gas(in) >= 500);
        }
    }
}
