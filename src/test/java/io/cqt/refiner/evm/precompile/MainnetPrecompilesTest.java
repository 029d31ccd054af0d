package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.types.Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which precompiles each fork has, and at which addresses. */
class MainnetPrecompilesTest {
    private static List<Integer> numbers(Fork fork) {
        return MainnetPrecompiles.forFork(fork).addresses().stream()
                .map(a -> ((a.array()[18] & 0xff) << 8) | (a.array()[19] & 0xff))
                .sorted()
                .toList();
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void addressesPerFork() {
        assertEquals(range(1, 9), numbers(Fork.LONDON));
        assertEquals(range(1, 9), numbers(Fork.PARIS));
        assertEquals(range(1, 9), numbers(Fork.SHANGHAI));
        assertEquals(range(1, 10), numbers(Fork.CANCUN));
        assertEquals(range(1, 17), numbers(Fork.PRAGUE));
        List<Integer> osaka = new java.util.ArrayList<>(range(1, 17));
        osaka.add(0x100);
        assertEquals(osaka, numbers(Fork.OSAKA));
        assertEquals(osaka, numbers(Fork.BPO1));
        assertEquals(osaka, numbers(Fork.BPO2));
    }

    @Test
    void namesAndLookup() {
        PrecompileSet osaka = MainnetPrecompiles.forFork(Fork.OSAKA);
        assertEquals("ECRECOVER", osaka.get(PrecompileSet.address(1)).name());
        assertEquals("KZG_POINT_EVALUATION", osaka.get(PrecompileSet.address(0x0a)).name());
        assertEquals("BLS12_MAP_FP2_TO_G2", osaka.get(PrecompileSet.address(0x11)).name());
        assertEquals("P256VERIFY", osaka.get(PrecompileSet.address(0x100)).name());
        assertFalse(osaka.contains(PrecompileSet.address(0x12)));
        assertFalse(osaka.contains(Address.ZERO));
        assertFalse(MainnetPrecompiles.forFork(Fork.PRAGUE).contains(PrecompileSet.address(0x100)));
    }

    @Test
    void builtOnceAndCumulatively() {
        assertSame(MainnetPrecompiles.forFork(Fork.CANCUN), MainnetPrecompiles.forFork(Fork.CANCUN));
        Address sha = PrecompileSet.address(2);
        assertSame(MainnetPrecompiles.forFork(Fork.LONDON).get(sha), MainnetPrecompiles.forFork(Fork.BPO2).get(sha));
        Address modexp = PrecompileSet.address(5);
        assertNotSame(MainnetPrecompiles.forFork(Fork.PRAGUE).get(modexp),
                MainnetPrecompiles.forFork(Fork.OSAKA).get(modexp), "Osaka replaces MODEXP (EIP-7883)");
        // EIP-7883: the minimum rises from 200 to 500.
        byte[] tiny = new byte[96];
        assertEquals(200, MainnetPrecompiles.forFork(Fork.PRAGUE).get(modexp).gas(tiny));
        assertEquals(500, MainnetPrecompiles.forFork(Fork.OSAKA).get(modexp).gas(tiny));
        for (Fork fork : Fork.values()) {
            assertNotNull(MainnetPrecompiles.forFork(fork));
            assertTrue(MainnetPrecompiles.forFork(fork).contains(PrecompileSet.address(1)));
        }
    }
}
