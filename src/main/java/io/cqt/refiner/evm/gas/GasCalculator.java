package io.cqt.refiner.evm.gas;

import io.cqt.refiner.types.UInt256;

/**
 * The cost formulas of one fork. {@link LondonGas} implements them all; each later fork's class overrides only what
 * its EIPs changed (besu's gas-calculator chain). Constant per-opcode costs live in the instruction table instead.
 * All results saturate at {@link Long#MAX_VALUE}.
 */
public interface GasCalculator {
    /** Total cost of a memory of {@code words} 32-byte words: 3·w + w²/512. */
    long memoryCost(long words);

    /** Per-word cost of copying {@code bytes} (CALLDATACOPY, CODECOPY, MCOPY, ...). */
    long copyCost(long bytes);

    /** KECCAK256's per-word cost. */
    long keccakWordsCost(long bytes);

    /** EXP's cost for an exponent of {@code bytes} significant bytes. */
    long expCost(int bytes);

    /** LOG's per-byte data cost (the per-topic cost is table data). */
    long logDataCost(long bytes);

    long warmAccessCost();

    long coldAccountAccessCost();

    long coldSloadCost();

    /** SSTORE fails when no more than this much gas is left (EIP-2200). */
    long sstoreSentry();

    /** SSTORE's dynamic cost, the cold surcharge included. */
    long sstoreCost(UInt256 original, UInt256 current, UInt256 value, boolean cold);

    /** The change SSTORE makes to the refund counter (may be negative). */
    long sstoreRefund(UInt256 original, UInt256 current, UInt256 value);

    long callValueTransferCost();

    long newAccountCost();

    long callStipend();

    /** The gas a call may forward: all but one 64th of what is left (EIP-150), at most {@code requested}. */
    long callGas(long available, long requested);

    /** SELFDESTRUCT's dynamic cost. */
    long selfdestructCost(boolean coldBeneficiary, boolean newAccount);

    /** The cost CREATE and CREATE2 charge per word of init code (EIP-3860). */
    long initcodeCost(long length);

    /** CREATE2's hashing cost. */
    long create2HashCost(long length);

    long codeDepositCost(long length);

    int maxCodeSize();

    /** EIP-3860: the largest init code; {@link Integer#MAX_VALUE} before Shanghai. */
    int maxInitcodeSize();

    /** Intrinsic gas of a transaction (Yellow Paper g0, EIP-2028, EIP-2930, EIP-3860, EIP-7702). */
    long intrinsicGas(byte[] data, boolean create, int accessListAddresses, int accessListKeys, int authorizations);

    /** EIP-7623's calldata floor: the least gas a transaction may use; 0 before Prague. */
    long floorGas(byte[] data);

    /** The largest refund is gasUsed / this (EIP-3529). */
    int maxRefundQuotient();

    /** EIP-7825's cap on a transaction's gas limit; {@link Long#MAX_VALUE} before Osaka. */
    long txGasLimitCap();

    /** Blob gas per blob (EIP-4844); 0 before Cancun. */
    long blobGasPerBlob();

    /** The most blobs one transaction may carry (EIP-7594 in Osaka); otherwise only the block limit applies. */
    int maxBlobsPerTx();

    /** EIP-7702: the intrinsic cost of one authorization tuple. */
    long authorizationCost();

    /** EIP-7702: the refund when the authority account already existed. */
    long authorizationExistingAccountRefund();
}
