package io.cqt.refiner.proofchain;

import java.math.BigInteger;

/** The parts of the BRP contract's {@code getMetadata} the refiner reads: session length and the proof chain's pace. */
public record BrpMetadata(long sessionDuration, BigInteger secondsPerBlockCurrentChain) {
}
