package io.cqt.refiner.journal;

import io.cqt.refiner.types.Hash;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link JournalCrashTest} and killed at random: checks the journal it finds, prints
 * {@code OPEN <height>}, then drives items through the pipeline's steps as fast as it can, printing
 * {@code DONE <height>} after each height's last step has returned (so that height must survive the kill); of each
 * three heights, the last two run as one {@link Journal#group}. Every
 * 7th item is skipped instead of proved, every 5th fails an attempt first, and URLs and reasons vary in length so
 * records are freed and reallocated. Arguments: the journal file, the log's snapshot threshold in bytes.
 * Exits with status 3 when the journal it opens is not what the steps before the kill left.
 */
public final class JournalHammerChild {
    static final Hash HASH = Hash.fromHex("0x" + "5e".repeat(32));

    private JournalHammerChild() {
    }

    public static void main(String[] args) {
        Journal journal = Journal.open(Path.of(args[0]), Clock.systemUTC(), JournalObserver.NONE,
                Long.parseLong(args[1]));
        long start;
        try {
            start = verify(journal);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(3);
            return;
        }
        System.out.println("OPEN " + start);
        System.out.flush();
        for (long height = start; ; height += 3) {
            step(journal, height);
            done(height);
            // The next two as one group commit, as the pipeline's journal thread runs the steps queued behind a sync:
            // their records are written unsynced and a kill may land between them and the group's one sync.
            long second = height + 1;
            long third = height + 2;
            for (Journal.Outcome outcome : journal.group(List.<java.util.function.Function<Journal, ?>>of(
                    j -> stepped(j, second), j -> stepped(j, third)))) {
                if (outcome.failure() != null) {
                    throw outcome.failure();
                }
                done((Long) outcome.value());
            }
        }
    }

    private static long stepped(Journal journal, long height) {
        step(journal, height);
        return height;
    }

    private static void done(long height) {
        System.out.println("DONE " + height);
        System.out.flush();
    }

    static String key(long height) {
        return "1_" + height + "_0x" + Long.toHexString(height * 2654435761L);
    }

    /** Takes {@code height} from wherever it stands to its final state. */
    static void step(Journal journal, long height) {
        String key = key(height);
        journal.startHeight(height);
        journal.discover(key, height, HASH, "ipfs://specimen" + "x".repeat((int) (height % 97)));
        WorkState state = journal.get(key).orElseThrow().state();
        if (state == WorkState.DISCOVERED) {
            if (height % 5 == 0 && journal.get(key).orElseThrow().attempts() == 0) {
                journal.failedAttempt(key, "transient " + "y".repeat((int) (height % 61)));
            }
            journal.fetched(key, "ipfs://fetched" + "z".repeat((int) (height % 31)));
            state = WorkState.FETCHED;
        }
        if (state == WorkState.FETCHED && height % 7 == 0) {
            journal.skipped(key, "session closed");
            state = WorkState.SKIPPED;
        }
        if (state == WorkState.FETCHED) {
            journal.executed(key, HASH);
            state = WorkState.EXECUTED;
        }
        if (state == WorkState.EXECUTED) {
            journal.pinned(key, "bafy" + height);
            state = WorkState.PINNED;
        }
        if (state == WorkState.PINNED) {
            journal.proving(key, HASH);
            state = WorkState.PROVING;
        }
        if (state == WorkState.PROVING) {
            journal.committed(key);
        }
        journal.commitHeight(height);
    }

    /**
     * Checks what the steps leave at any point: every height below the resume height finished (skipped exactly when
     * a multiple of 7), at most the resume height itself anywhere else, and the state index agreeing with the items.
     *
     * @return the height to resume at
     */
    static long verify(Journal journal) {
        long start = journal.lowestUnfinishedHeight()
                .orElse(journal.highestCommittedHeight().orElse(0) + 1);
        if (start < 1) {
            throw new IllegalStateException("resume height " + start);
        }
        List<WorkItem> all = journal.all();
        for (WorkItem item : all) {
            long height = item.blockHeight();
            if (!item.key().equals(key(height))) {
                throw new IllegalStateException("item " + item.key() + " at height " + height);
            }
            if (height > start) {
                throw new IllegalStateException("item at " + height + " beyond the resume height " + start);
            }
            if (height < start) {
                WorkState expected = height % 7 == 0 ? WorkState.SKIPPED : WorkState.COMMITTED;
                if (item.state() != expected) {
                    throw new IllegalStateException("item at " + height + " is " + item.state() + ", not "
                            + expected + " (resume height " + start + ")");
                }
            }
        }
        if (all.size() < start - 1) {
            throw new IllegalStateException(all.size() + " items below resume height " + start);
        }
        Map<WorkState, Integer> counts = journal.countByState();
        for (WorkState state : WorkState.values()) {
            long inItems = all.stream().filter(item -> item.state() == state).count();
            List<WorkItem> indexed = journal.inState(state);
            if (counts.get(state) != inItems || indexed.size() != inItems
                    || indexed.stream().anyMatch(item -> item.state() != state)) {
                throw new IllegalStateException("state index for " + state + " disagrees with the items: "
                        + counts.get(state) + " counted, " + indexed.size() + " listed, " + inItems + " items");
            }
        }
        return start;
    }
}
