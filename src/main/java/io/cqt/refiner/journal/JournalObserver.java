package io.cqt.refiner.journal;

/**
 * Told what the journal did, on the thread that did it, after the change is committed: metrics and the per-item
 * log line hang off this without the callers of the journal knowing. Must be quick and must not call back into the
 * journal.
 */
public interface JournalObserver {
    /** Observes nothing. */
    JournalObserver NONE = new JournalObserver() {
        @Override
        public void stored(WorkItem previous, WorkItem next) {
        }

        @Override
        public void read(Read read, long nanos) {
        }
    };

    /** The reads the reference refiner times ({@code journal_fetch_items}, {@code journal_fetch_last}). */
    enum Read {
        /** The unfinished items, read to resume them. */
        ITEMS,
        /** A recorded proof-chain height, read to know where to go on. */
        LAST
    }

    /** An item was written: {@code previous} is null for a new item; the state may be unchanged (a failed attempt). */
    void stored(WorkItem previous, WorkItem next);

    /** A read of {@code read} took {@code nanos}. */
    void read(Read read, long nanos);
}
