package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.types.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SHA256 (0x02), RIPEMD160 (0x03) and IDENTITY (0x04). */
class HashPrecompilesTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sha256KnownAnswers() {
        // FIPS 180-2 appendix B.1 ("abc") and the well-known digest of the empty string.
        Sha256 sha = new Sha256();
        assertArrayEquals(Hex.decode("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                sha.run(ABC).output());
        assertArrayEquals(Hex.decode("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                sha.run(new byte[0]).output());
    }

    @Test
    void ripemd160KnownAnswersAreLeftPadded() {
        // Dobbertin, Bosselaers, Preneel, "RIPEMD-160: A Strengthened Version of RIPEMD", test vectors.
        Ripemd160 ripemd = new Ripemd160();
        assertArrayEquals(Hex.decode("0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
                ripemd.run(ABC).output());
        assertArrayEquals(Hex.decode("0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31"),
                ripemd.run(new byte[0]).output());
    }

    @Test
    void identityCopiesInput() {
        Identity identity = new Identity();
        byte[] input = {1, 2, 3};
        byte[] output = identity.run(input).output();
        assertArrayEquals(input, output);
        output[0] = 9;
        assertEquals(1, input[0], "output must not alias the input");
    }

    @Test
    void yellowPaperGas() {
        // Appendix E: base + per-word cost, words rounded up.
        assertEquals(60, new Sha256().gas(new byte[0]));
        assertEquals(72, new Sha256().gas(new byte[1]));
        assertEquals(84, new Sha256().gas(new byte[33]));
        assertEquals(600 + 120 * 2, new Ripemd160().gas(new byte[64]));
        assertEquals(15 + 3 * 3, new Identity().gas(new byte[65]));
        assertEquals(15, new Identity().gas(new byte[0]));
    }

    @Test
    void randomInputsNeverThrow() {
        for (Precompile p : new Precompile[] {new Sha256(), new Ripemd160(), new Identity()}) {
            PrecompileFuzz.neverThrows(p, 1, 200, 0, 1, 32, 64, 100);
            assertTrue(p.run(new byte[5]).success());
        }
    }
}
