package io.cqt.refiner.evm.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import org.junit.jupiter.api.Test;

class CodeTest {
    @Test
    void jumpDestsSkipPushData() {
        // 0: JUMPDEST, 1: PUSH2 0x5b5b (data at 2, 3), 4: JUMPDEST, 5: PUSH32 truncated by the end of code
        Code code = Code.of(Hex.decode("0x5b615b5b5b7f5b"));
        assertTrue(code.isJumpDest(0));
        assertFalse(code.isJumpDest(2), "a 0x5b inside PUSH data is not a destination");
        assertFalse(code.isJumpDest(3));
        assertTrue(code.isJumpDest(4));
        assertFalse(code.isJumpDest(6), "the truncated PUSH32's data");
        assertFalse(code.isJumpDest(7), "past the end");
        assertFalse(code.isJumpDest(-1));
        assertEquals(7 + Code.PADDING, code.padded().length, "padded so a trailing PUSH reads zeros, then STOP");
    }

    @Test
    void cacheServesVerifiedCodeOnlyForTheSameBytes() {
        CodeCache cache = new CodeCache(1 << 20);
        byte[] raw = Hex.decode("0x600056005b");
        Hash hash = Keccak256.of(raw);
        Code before = cache.get(hash, raw);
        assertFalse(cache.holds(hash, raw), "a lookup alone adds nothing");
        cache.addVerified(hash, raw);
        assertTrue(cache.holds(hash, raw.clone()), "equal bytes in another array");
        Code first = cache.get(hash, raw.clone());
        assertSame(first, cache.get(hash, raw.clone()));
        assertNotSame(before, first);
        assertTrue(first.isJumpDest(4));
        byte[] standIn = {(byte) 0xfe};
        Code other = cache.get(hash, standIn);
        assertNotSame(first, other, "different bytes under the same hash are not served the cached code");
        assertEquals(1, other.size());
        assertFalse(cache.holds(hash, standIn));
    }
}
