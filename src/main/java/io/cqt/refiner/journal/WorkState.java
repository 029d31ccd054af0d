package io.cqt.refiner.journal;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a work item (one specimen) stands. The happy path is discover → fetched → executed → pinned → proving →
 * commit; skip and abort end it early. {@code proving} is recorded with the proof transaction's hash <em>before</em>
 * the transaction is sent, so that after a crash the item is never proved blindly a second time: the receipt of that
 * hash, or the contract's "already submitted" answer, tells whether the proof landed.
 */
public enum WorkState {
    DISCOVERED("discover"),
    FETCHED("fetched"),
    EXECUTED("executed"),
    PINNED("pinned"),
    PROVING("proving"),
    COMMITTED("commit"),
    SKIPPED("skip"),
    ABORTED("abort");

    private final String label;

    WorkState(String label) {
        this.label = label;
    }

    /** The name operators see and type ({@code --status abort}). */
    public String label() {
        return label;
    }

    /** Commit and skip are final; abort waits for an operator's retry. */
    public boolean isTerminal() {
        return this == COMMITTED || this == SKIPPED || this == ABORTED;
    }

    /** States an operator may send back to the start with {@code refiner journal retry}. */
    public boolean isRetryable() {
        return this == ABORTED || this == SKIPPED;
    }

    /** The states this one may move to in the pipeline (retry is separate, see {@link #isRetryable}). */
    public Set<WorkState> successors() {
        return switch (this) {
            case DISCOVERED -> EnumSet.of(FETCHED, SKIPPED, ABORTED);
            case FETCHED -> EnumSet.of(EXECUTED, SKIPPED, ABORTED);
            case EXECUTED -> EnumSet.of(PINNED, SKIPPED, ABORTED);
            // Straight to commit when the chain already holds our proof (found before sending one).
            case PINNED -> EnumSet.of(PROVING, COMMITTED, SKIPPED, ABORTED);
            // Proving again replaces a transaction that was dropped before it was mined.
            case PROVING -> EnumSet.of(PROVING, COMMITTED, SKIPPED, ABORTED);
            case COMMITTED, SKIPPED, ABORTED -> EnumSet.noneOf(WorkState.class);
        };
    }

    public boolean canMoveTo(WorkState next) {
        return successors().contains(next);
    }

    /** A label or an enum name, any case ({@code abort}, {@code ABORTED}). */
    public static WorkState parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        for (WorkState state : values()) {
            if (state.label.equals(wanted) || state.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown work state \"" + text + "\"; one of "
                + Arrays.stream(values()).map(WorkState::label).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return label;
    }
}
