package io.cqt.refiner.evm.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Storage reached by a stack word (SLOAD, SSTORE) and by a key object (everything else) is one and the same, and a
 * revert undoes every kind of change the journal records, nested checkpoints included.
 */
class JournaledStateStorageTest {
    private static final Address OTHER = Address.fromHex("0x00000000000000000000000000000000000000bb");
    private static final Address CONTRACT = Address.fromHex("0x00000000000000000000000000000000000000aa");
    private static final UInt256 SMALL = UInt256.of(1);
    private static final UInt256 HASHED = new UInt256(0x8a35acfbc15ff81aL, 0x9f2bd1c3e5a7f301L, 0x1122334455667788L,
            0x99aabbccddeeff00L);

    private final JournaledState state = new JournaledState(new InMemoryWorld(n -> null).put(CONTRACT,
            new InMemoryWorld.Account(1, UInt256.ZERO, new byte[] {0x00},
                    Map.of(SMALL, UInt256.of(5), HASHED, UInt256.of(7)))), null);

    /** A stack holding {@code key} as its second word, the way the loop lays words out. */
    private static long[] stackWith(UInt256 key) {
        long[] s = new long[12];
        s[4] = key.u3();
        s[5] = key.u2();
        s[6] = key.u1();
        s[7] = key.u0();
        return s;
    }

    @Test
    void aStackWordReadsTheWorldsValueAndWritesWhatTheKeyObjectThenSees() {
        long[] s = stackWith(HASHED);
        assertEquals(UInt256.of(7), state.storage(CONTRACT, s, 4));
        assertEquals(UInt256.of(5), state.storage(CONTRACT, stackWith(SMALL), 4));

        state.setStorage(CONTRACT, s, 4, UInt256.of(9));
        assertEquals(UInt256.of(9), state.storage(CONTRACT, HASHED));
        assertEquals(UInt256.of(7), state.originalStorage(CONTRACT, s, 4));
        assertEquals(UInt256.of(7), state.originalStorage(CONTRACT, HASHED));

        state.setStorage(CONTRACT, SMALL, UInt256.of(6));
        assertEquals(UInt256.of(6), state.storage(CONTRACT, stackWith(SMALL), 4));
        assertEquals(UInt256.ZERO, state.storage(CONTRACT, stackWith(UInt256.of(2)), 4));
    }

    @Test
    void aRevertRestoresValuesAndColdnessWhicheverWayTheyWereReached() {
        long[] s = stackWith(HASHED);
        int checkpoint = state.checkpoint();
        assertTrue(state.warmSlot(CONTRACT, s, 4));
        assertFalse(state.warmSlot(CONTRACT, HASHED));
        state.setStorage(CONTRACT, s, 4, UInt256.of(1));
        state.revert(checkpoint);
        assertEquals(UInt256.of(7), state.storage(CONTRACT, HASHED));
        assertTrue(state.warmSlot(CONTRACT, HASHED));
    }

    @Test
    void aNewTransactionStartsFromTheLastOnesValuesWithEverySlotCold() {
        long[] s = stackWith(HASHED);
        state.warmSlot(CONTRACT, s, 4);
        state.setStorage(CONTRACT, s, 4, UInt256.of(3));
        state.endTransaction(false);
        assertEquals(UInt256.of(3), state.originalStorage(CONTRACT, s, 4));
        assertTrue(state.warmSlot(CONTRACT, s, 4));
        assertEquals(Map.of(HASHED, UInt256.of(3)), state.changes().stream()
                .filter(c -> c.address().equals(CONTRACT)).findFirst().orElseThrow().storage());
    }

    @Test
    void aRevertUndoesEveryKindOfChangeBackToItsCheckpointAndNoFurther() {
        state.addRefund(10);
        int outer = state.checkpoint();
        state.addBalance(OTHER, UInt256.of(3));
        state.setNonce(CONTRACT, 2);
        int inner = state.checkpoint();
        state.createAccount(OTHER);
        state.setCode(OTHER, new byte[] {0x60, 0x00});
        state.selfdestruct(CONTRACT);
        state.addRefund(5);
        state.addLog(new Log(CONTRACT, List.of(), new byte[0]));
        state.setTransientStorage(CONTRACT, SMALL, UInt256.of(4));
        state.setTransientStorage(CONTRACT, SMALL, UInt256.of(8));
        assertTrue(state.warmAddress(OTHER));
        state.setStorage(CONTRACT, stackWith(SMALL), 4, UInt256.of(6));

        state.revert(inner);
        assertEquals(UInt256.of(3), state.balance(OTHER));
        assertEquals(2, state.nonce(CONTRACT));
        assertEquals(0, state.nonce(OTHER));
        assertEquals(Keccak256.EMPTY, state.codeHash(OTHER));
        assertFalse(state.createdInThisTx(OTHER));
        assertEquals(10, state.refund());
        assertEquals(0, state.logCount());
        assertEquals(UInt256.ZERO, state.transientStorage(CONTRACT, SMALL));
        assertTrue(state.warmAddress(OTHER));
        assertEquals(UInt256.of(5), state.storage(CONTRACT, SMALL));

        state.revert(outer);
        assertEquals(UInt256.ZERO, state.balance(OTHER));
        assertFalse(state.exists(OTHER));
        assertEquals(1, state.nonce(CONTRACT));
        assertEquals(10, state.refund());
        state.endTransaction(true);
        assertTrue(state.exists(CONTRACT), "the selfdestruct was reverted");
    }

    @Test
    void addressesWarmThroughATransactionAreWarmWithoutAJournalEntryUntilItEnds() {
        state.warmThroughTransaction(OTHER::equals);
        int before = state.checkpoint();
        assertFalse(state.warmAddress(OTHER));
        assertEquals(before, state.checkpoint(), "nothing journaled");
        assertTrue(state.warmAddress(CONTRACT));
        state.endTransaction(false);
        assertTrue(state.warmAddress(OTHER), "cold again in the next transaction");
    }
}
