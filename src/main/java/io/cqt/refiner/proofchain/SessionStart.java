package io.cqt.refiner.proofchain;

/** A {@code SessionStarted} event: the proof-chain block that opened the session and the last block it accepts. */
public record SessionStart(long proofChainBlock, long deadline) {
}
