package io.cqt.refiner.evm.blocktest;

import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;

/** EIP-1559's header rules: the base fee follows from the parent's gas use, and the gas limit moves slowly. */
final class Eip1559 {
    private static final int ELASTICITY_MULTIPLIER = 2;
    private static final int BASE_FEE_MAX_CHANGE_DENOMINATOR = 8;
    /** The gas limit may move by less than parent / 1024 per block (Yellow Paper, eq. 47), and not below 5000. */
    private static final int GAS_LIMIT_BOUND_DIVISOR = 1024;
    private static final long MIN_GAS_LIMIT = 5000;

    private Eip1559() {
    }

    /** The base fee a child of {@code parent} must carry. */
    static UInt256 baseFee(Header parent) {
        BigInteger parentFee = parent.baseFeePerGas().toBigInteger();
        long target = parent.gasLimit() / ELASTICITY_MULTIPLIER;
        long used = parent.gasUsed();
        if (used == target) {
            return parent.baseFeePerGas();
        }
        BigInteger gasDelta = BigInteger.valueOf(Math.abs(used - target));
        BigInteger feeDelta = parentFee.multiply(gasDelta).divide(BigInteger.valueOf(target))
                .divide(BigInteger.valueOf(BASE_FEE_MAX_CHANGE_DENOMINATOR));
        return used > target ? UInt256.of(parentFee.add(feeDelta.max(BigInteger.ONE)))
                : UInt256.of(parentFee.subtract(feeDelta));
    }

    /** Whether {@code gasLimit} is within the bounds its parent's allows. */
    static boolean gasLimitInBounds(long gasLimit, long parentGasLimit) {
        long delta = parentGasLimit / GAS_LIMIT_BOUND_DIVISOR;
        return gasLimit < parentGasLimit + delta && gasLimit > parentGasLimit - delta && gasLimit >= MIN_GAS_LIMIT;
    }
}
