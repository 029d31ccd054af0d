package io.cqt.refiner.journal;

/** A step the state machine forbids, such as {@code pinned → fetched}; nothing was written. */
public final class IllegalTransitionException extends JournalException {
    private final String key;
    private final WorkState from;
    private final WorkState to;

    public IllegalTransitionException(String key, WorkState from, WorkState to) {
        super("work item " + key + " cannot move from " + from.label() + " to " + to.label());
        this.key = key;
        this.from = from;
        this.to = to;
    }

    public String key() {
        return key;
    }

    public WorkState from() {
        return from;
    }

    public WorkState to() {
        return to;
    }
}
