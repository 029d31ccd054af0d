package io.cqt.refiner.evm.tx;

import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;

/**
 * Recovers the signer of an EIP-7702 authorization: ecrecover over keccak256(0x05 || rlp([chainId, address,
 * nonce])). Injected so the secp256k1 backend stays behind one seam.
 */
@FunctionalInterface
public interface AuthorityRecovery {
    /** The authority, or null when the signature is invalid (bad yParity, r or s out of range, no point). */
    Address recover(Transaction.Authorization authorization);
}
