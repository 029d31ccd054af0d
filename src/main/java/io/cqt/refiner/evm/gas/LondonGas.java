package io.cqt.refiner.evm.gas;

import io.cqt.refiner.evm.word.Words;
import io.cqt.refiner.types.UInt256;

/** London's costs, with everything from Frontier through Berlin (EIP-2929, EIP-2200) and EIP-3529's refunds. */
public class LondonGas implements GasCalculator {
    static final long TX_BASE = 21_000;
    static final long TX_CREATE = 32_000;
    static final long TX_DATA_ZERO = 4;
    static final long TX_DATA_NON_ZERO = 16;
    static final long ACCESS_LIST_ADDRESS = 2_400;
    static final long ACCESS_LIST_KEY = 1_900;
    static final long SSTORE_SET = 20_000;
    static final long SSTORE_RESET = 5_000;
    /** EIP-3529: SSTORE_CLEARS_SCHEDULE = SSTORE_RESET - COLD_SLOAD + ACCESS_LIST_KEY. */
    static final long SSTORE_CLEARS_REFUND = 4_800;

    @Override
    public long memoryCost(long words) {
        if (words > 0xFFFFFFFFL) {
            return Long.MAX_VALUE;
        }
        return 3 * words + words * words / 512;
    }

    @Override
    public long copyCost(long bytes) {
        return Words.clampedMultiply(3, Words.numWords(bytes));
    }

    @Override
    public long keccakWordsCost(long bytes) {
        return Words.clampedMultiply(6, Words.numWords(bytes));
    }

    @Override
    public long expCost(int bytes) {
        return 50L * bytes;
    }

    @Override
    public long logDataCost(long bytes) {
        return Words.clampedMultiply(8, bytes);
    }

    @Override
    public long warmAccessCost() {
        return 100;
    }

    @Override
    public long coldAccountAccessCost() {
        return 2_600;
    }

    @Override
    public long coldSloadCost() {
        return 2_100;
    }

    @Override
    public long sstoreSentry() {
        return 2_300;
    }

    @Override
    public long sstoreCost(UInt256 original, UInt256 current, UInt256 value, boolean cold) {
        long cost;
        if (current.equals(value)) {
            cost = warmAccessCost();
        } else if (original.equals(current)) {
            cost = original.isZero() ? SSTORE_SET : SSTORE_RESET - coldSloadCost();
        } else {
            cost = warmAccessCost();
        }
        return cold ? cost + coldSloadCost() : cost;
    }

    @Override
    public long sstoreRefund(UInt256 original, UInt256 current, UInt256 value) {
        if (current.equals(value)) {
            return 0;
        }
        if (original.equals(current)) {
            return !original.isZero() && value.isZero() ? SSTORE_CLEARS_REFUND : 0;
        }
        long refund = 0;
        if (!original.isZero()) {
            if (current.isZero()) {
                refund -= SSTORE_CLEARS_REFUND;
            } else if (value.isZero()) {
                refund += SSTORE_CLEARS_REFUND;
            }
        }
        if (original.equals(value)) {
            refund += original.isZero()
                    ? SSTORE_SET - warmAccessCost()
                    : SSTORE_RESET - coldSloadCost() - warmAccessCost();
        }
        return refund;
    }

    @Override
    public long callValueTransferCost() {
        return 9_000;
    }

    @Override
    public long newAccountCost() {
        return 25_000;
    }

    @Override
    public long callStipend() {
        return 2_300;
    }

    @Override
    public long callGas(long available, long requested) {
        long max = available - available / 64;
        return Math.min(max, requested);
    }

    @Override
    public long selfdestructCost(boolean coldBeneficiary, boolean newAccount) {
        return (coldBeneficiary ? coldAccountAccessCost() : 0) + (newAccount ? newAccountCost() : 0);
    }

    @Override
    public long initcodeCost(long length) {
        return 0;
    }

    @Override
    public long create2HashCost(long length) {
        return keccakWordsCost(length);
    }

    @Override
    public long codeDepositCost(long length) {
        return Words.clampedMultiply(200, length);
    }

    @Override
    public int maxCodeSize() {
        return 24_576;
    }

    @Override
    public int maxInitcodeSize() {
        return Integer.MAX_VALUE;
    }

    @Override
    public long intrinsicGas(byte[] data, boolean create, int accessListAddresses, int accessListKeys,
                             int authorizations) {
        long zeros = 0;
        for (byte b : data) {
            if (b == 0) {
                zeros++;
            }
        }
        long gas = TX_BASE + zeros * TX_DATA_ZERO + (data.length - zeros) * TX_DATA_NON_ZERO;
        if (create) {
            gas += TX_CREATE + initcodeCost(data.length);
        }
        return gas + accessListAddresses * ACCESS_LIST_ADDRESS + accessListKeys * ACCESS_LIST_KEY
                + authorizations * authorizationCost();
    }

    @Override
    public long floorGas(byte[] data) {
        return 0;
    }

    @Override
    public int maxRefundQuotient() {
        return 5;
    }

    @Override
    public long txGasLimitCap() {
        return Long.MAX_VALUE;
    }

    @Override
    public long blobGasPerBlob() {
        return 0;
    }

    @Override
    public int maxBlobsPerTx() {
        return Integer.MAX_VALUE;
    }

    @Override
    public long authorizationCost() {
        return 0;
    }

    @Override
    public long authorizationExistingAccountRefund() {
        return 0;
    }

    /** Calldata tokens (EIP-7623): a zero byte counts 1, any other byte 4. */
    static long tokens(byte[] data) {
        long tokens = 0;
        for (byte b : data) {
            tokens += b == 0 ? 1 : 4;
        }
        return tokens;
    }
}
