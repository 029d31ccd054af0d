package io.cqt.refiner.evm.fork;

/**
 * The Ethereum mainnet forks the executor implements, in activation order. Before Shanghai a fork is chosen by
 * block number, from Shanghai on by timestamp (see {@link #of(long, long)}).
 */
public enum Fork {
    LONDON(12_965_000L, -1),
    PARIS(15_537_394L, -1),
    SHANGHAI(-1, 1_681_338_455L),
    CANCUN(-1, 1_710_338_135L),
    PRAGUE(-1, 1_746_612_311L),
    OSAKA(-1, 1_764_798_551L),
    /** Blob-parameter-only fork (EIP-7892): only the blob schedule changes. */
    BPO1(-1, 1_765_978_199L),
    BPO2(-1, 1_767_747_671L);

    private final long activationBlock;
    private final long activationTimestamp;

    Fork(long activationBlock, long activationTimestamp) {
        this.activationBlock = activationBlock;
        this.activationTimestamp = activationTimestamp;
    }

    /**
     * The fork of a mainnet block.
     *
     * @throws IllegalArgumentException for blocks before London, which the executor does not implement
     */
    public static Fork of(long blockNumber, long timestamp) {
        Fork[] forks = values();
        for (int i = forks.length - 1; i >= 0; i--) {
            Fork fork = forks[i];
            boolean active = fork.activationTimestamp >= 0
                    ? timestamp >= fork.activationTimestamp
                    : blockNumber >= fork.activationBlock;
            if (active) {
                return fork;
            }
        }
        throw new IllegalArgumentException("block " + blockNumber + " is before London; forks before London are "
                + "not implemented");
    }

    /** True when this fork includes everything {@code other} introduced. */
    public boolean isAtLeast(Fork other) {
        return compareTo(other) >= 0;
    }

    /** The name the Ethereum state tests use ("Cancun", "Prague"). */
    public String displayName() {
        String n = name();
        return n.startsWith("BPO") ? n : n.charAt(0) + n.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
