package io.cqt.refiner.evm.blocktest;

import io.cqt.refiner.evm.block.BlockProcessor;
import io.cqt.refiner.evm.fork.BlobSchedule;
import io.cqt.refiner.specimen.Header;
import java.math.BigInteger;

/**
 * EIP-4844's excess blob gas, which each header carries as a function of its parent, with EIP-7918's reserve price
 * from Osaka on: while blobs are cheaper than {@code BLOB_BASE_COST} execution gas, excess grows as if the block were
 * full, never shrinking.
 */
final class Eip4844 {
    static final long GAS_PER_BLOB = 131_072L;
    /** EIP-7918: the execution gas a blob must cost at least. */
    private static final long BLOB_BASE_COST = 1L << 13;

    private Eip4844() {
    }

    /**
     * The excess blob gas a child of {@code parent} must carry under {@code blobs} (the child's fork schedule). A
     * parent from before Cancun counts as zero excess and zero use.
     *
     * @param reservePrice EIP-7918 (Osaka on)
     */
    static long excessBlobGas(Header parent, BlobSchedule blobs, boolean reservePrice) {
        long parentExcess = parent.excessBlobGas() == null ? 0 : parent.excessBlobGas();
        long parentUsed = parent.blobGasUsed() == null ? 0 : parent.blobGasUsed();
        long target = blobs.target() * GAS_PER_BLOB;
        if (parentExcess + parentUsed < target) {
            return 0;
        }
        if (reservePrice) {
            BigInteger blobFee = BlockProcessor.fakeExponential(BigInteger.ONE, BigInteger.valueOf(parentExcess),
                    BigInteger.valueOf(blobs.baseFeeUpdateFraction()));
            BigInteger executionCost = parent.baseFeePerGas().toBigInteger().multiply(BigInteger.valueOf(BLOB_BASE_COST));
            if (executionCost.compareTo(blobFee.multiply(BigInteger.valueOf(GAS_PER_BLOB))) > 0) {
                return parentExcess + parentUsed * (blobs.max() - blobs.target()) / blobs.max();
            }
        }
        return parentExcess + parentUsed - target;
    }
}
