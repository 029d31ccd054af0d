package io.cqt.refiner.evm.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotTableTest {
    @Test
    void findsEverySlotAddedThroughManyGrowthsAndNoOther() {
        SlotTable table = new SlotTable();
        List<StorageSlot> added = new ArrayList<>();
        Random random = new Random(7);
        // small counters (the first slots of a contract), keys differing in one high limb only, and random hashes
        for (int i = 0; i < 3000; i++) {
            StorageSlot s = switch (i % 3) {
                case 0 -> new StorageSlot(0, 0, 0, i);
                case 1 -> new StorageSlot(i, 0, 0, 0);
                default -> new StorageSlot(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
            };
            assertNull(table.get(s.k3, s.k2, s.k1, s.k0));
            table.add(s);
            added.add(s);
        }
        for (StorageSlot s : added) {
            assertSame(s, table.get(s.k3, s.k2, s.k1, s.k0));
        }
        assertNull(table.get(0, 0, 0, 3001));
        assertNull(table.get(0, 0, 1, 0));
        Set<StorageSlot> visited = new HashSet<>();
        table.forEach(visited::add);
        assertEquals(new HashSet<>(added), visited);
    }

    @Test
    void anEmptyTableHasNothing() {
        SlotTable table = new SlotTable();
        assertNull(table.get(0, 0, 0, 0));
        table.forEach(s -> {
            throw new AssertionError("visited " + s.key());
        });
    }

    @Test
    void aSlotsKeyIsItsLimbsMostSignificantFirst() {
        UInt256 key = new UInt256(1, 2, 3, 4);
        StorageSlot s = new StorageSlot(key.u3(), key.u2(), key.u1(), key.u0());
        assertEquals(key, s.key());
    }
}
