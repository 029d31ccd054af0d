package io.cqt.refiner.evm.frame;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;

/**
 * The block as the EVM sees it.
 *
 * @param prevRandao opcode 0x44: PREVRANDAO from Paris on (EIP-4399), the difficulty before
 * @param blobBaseFee the blob base fee (EIP-4844), zero before Cancun
 */
public record BlockContext(Address coinbase, long number, long timestamp, long gasLimit, Hash prevRandao,
                           UInt256 baseFee, UInt256 blobBaseFee, long chainId) {
}
