package io.cqt.refiner.evm.blocktest;

import io.cqt.refiner.evm.fork.Fork;

/**
 * A blockchain test's {@code network}: one fork ({@code Cancun}) or a transition at a timestamp
 * ({@code CancunToPragueAtTime15k}: Cancun before 15,000, Prague from it on).
 */
record Network(String name, Fork before, Fork after, long transitionTime) {
    private static final String AT_TIME_15K = "AtTime15k";
    private static final long TRANSITION_TIME = 15_000;

    /** The network, or null when its name is not one of ours (a fork we lack, another kind of transition). */
    static Network parse(String name) {
        Fork single = fork(name);
        if (single != null) {
            return new Network(name, single, single, 0);
        }
        int to = name.indexOf("To");
        if (!name.endsWith(AT_TIME_15K) || to <= 0) {
            return null;
        }
        Fork before = fork(name.substring(0, to));
        Fork after = fork(name.substring(to + 2, name.length() - AT_TIME_15K.length()));
        return before == null || after == null || !after.isAtLeast(before) ? null
                : new Network(name, before, after, TRANSITION_TIME);
    }

    Fork forkAt(long timestamp) {
        return Long.compareUnsigned(timestamp, transitionTime) >= 0 ? after : before;
    }

    private static Fork fork(String displayName) {
        for (Fork f : Fork.values()) {
            if (f.displayName().equals(displayName)) {
                return f;
            }
        }
        return null;
    }
}
