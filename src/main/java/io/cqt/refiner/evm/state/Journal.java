package io.cqt.refiner.evm.state;

import java.util.Arrays;

/**
 * The changes of one transaction in the order made, so that a frame's can be undone: each entry a kind (what
 * {@link JournaledState} undoes), up to four references and a number, held in parallel arrays. Journaling a change
 * allocates nothing once the arrays have grown to a transaction's size, where an undo object per change did (an
 * SSTORE, a warmed slot or address, a touched account each made one). Not thread-safe.
 */
final class Journal {
    private byte[] kinds = new byte[64];
    private Object[] firsts = new Object[64];
    private Object[] seconds = new Object[64];
    private Object[] thirds = new Object[64];
    private Object[] fourths = new Object[64];
    private long[] numbers = new long[64];
    private int size;

    int size() {
        return size;
    }

    void add(byte kind, Object first) {
        add(kind, first, null, null, null, 0);
    }

    void add(byte kind, Object first, Object second) {
        add(kind, first, second, null, null, 0);
    }

    void add(byte kind, Object first, Object second, Object third, Object fourth, long number) {
        if (size == kinds.length) {
            int capacity = size * 2;
            kinds = Arrays.copyOf(kinds, capacity);
            firsts = Arrays.copyOf(firsts, capacity);
            seconds = Arrays.copyOf(seconds, capacity);
            thirds = Arrays.copyOf(thirds, capacity);
            fourths = Arrays.copyOf(fourths, capacity);
            numbers = Arrays.copyOf(numbers, capacity);
        }
        kinds[size] = kind;
        firsts[size] = first;
        seconds[size] = second;
        thirds[size] = third;
        fourths[size] = fourth;
        numbers[size] = number;
        size++;
    }

    byte kind(int i) {
        return kinds[i];
    }

    Object first(int i) {
        return firsts[i];
    }

    Object second(int i) {
        return seconds[i];
    }

    Object third(int i) {
        return thirds[i];
    }

    Object fourth(int i) {
        return fourths[i];
    }

    long number(int i) {
        return numbers[i];
    }

    /** Forgets the entries from {@code to} on (the references too, so that what they held can be collected). */
    void truncate(int to) {
        Arrays.fill(firsts, to, size, null);
        Arrays.fill(seconds, to, size, null);
        Arrays.fill(thirds, to, size, null);
        Arrays.fill(fourths, to, size, null);
        size = to;
    }
}
