package io.cqt.refiner.evm.fork;

/**
 * A fork's blob parameters (EIP-4844, EIP-7691, EIP-7892).
 *
 * @param target target blobs per block
 * @param max maximum blobs per block
 * @param baseFeeUpdateFraction the denominator of the blob base fee's exponential
 */
public record BlobSchedule(int target, int max, long baseFeeUpdateFraction) {
    public static final BlobSchedule NONE = new BlobSchedule(0, 0, 1);
}
