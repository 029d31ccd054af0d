package io.cqt.refiner.evm.tx;

import io.cqt.refiner.block.TransactionEncoding;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.precompile.Secp256k1Recovery;
import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.specimen.Transaction;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.UInt256;
import java.util.Arrays;

/**
 * Recovers who signed a transaction or an EIP-7702 authorization, for a client that only has the signed bytes (the
 * specimens give their senders; blockchain tests do not). Not thread-safe (it reuses an encoder): one per runner.
 */
public final class SignatureRecovery implements AuthorityRecovery {
    /** The order of secp256k1's group (SEC 2, section 2.4.1). */
    private static final UInt256 SECP256K1_N =
            UInt256.fromHex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    private static final UInt256 SECP256K1_HALF_N = UInt256.of(SECP256K1_N.toBigInteger().shiftRight(1));
    /** EIP-7702: the authorization's signed message starts with this byte. */
    private static final byte SET_CODE_MAGIC = 0x05;

    private final Secp256k1Recovery backend;
    private final long chainId;
    private final TransactionEncoding encoding = new TransactionEncoding();
    private final RlpWriter writer = new RlpWriter(128);

    public SignatureRecovery(Secp256k1Recovery backend, long chainId) {
        this.backend = backend;
        this.chainId = chainId;
    }

    /**
     * The sender of a transaction.
     *
     * @throws IllegalArgumentException when the signature is invalid (EIP-2 high s, r or s out of range, a v that
     *                                  is neither 27/28 nor EIP-155 for this chain, a typed parity above 1, another
     *                                  chain's id) or recovers no key
     */
    public Address sender(Transaction tx) {
        int recoveryId;
        UInt256 v = tx.v();
        if (tx.type() == Transaction.LEGACY) {
            if (v.equals(UInt256.of(27)) || v.equals(UInt256.of(28))) {
                recoveryId = (int) v.toLong() - 27;
            } else if (v.equals(UInt256.of(35 + 2 * chainId)) || v.equals(UInt256.of(36 + 2 * chainId))) {
                recoveryId = (int) (v.toLong() - 35 - 2 * chainId);
            } else {
                throw new IllegalArgumentException("legacy v " + v + " is neither 27/28 nor EIP-155 for chain "
                        + chainId);
            }
        } else {
            if (!tx.chainId().equals(UInt256.of(chainId))) {
                throw new IllegalArgumentException("chain id " + tx.chainId() + " is not " + chainId);
            }
            if (v.compareTo(UInt256.ONE) > 0) {
                throw new IllegalArgumentException("y parity " + v + " is not 0 or 1");
            }
            recoveryId = (int) v.toLong();
        }
        if (!validRs(tx.r(), tx.s())) {
            throw new IllegalArgumentException("signature r or s out of range (EIP-2)");
        }
        Address sender = recover(encoding.signingHash(tx).array(), tx.r(), tx.s(), recoveryId);
        if (sender == null) {
            throw new IllegalArgumentException("the signature recovers no public key");
        }
        return sender;
    }

    /** EIP-7702: ecrecover over keccak256(0x05 || rlp([chainId, address, nonce])); null when invalid. */
    @Override
    public Address recover(Transaction.Authorization auth) {
        if (auth.yParity().compareTo(UInt256.ONE) > 0 || !validRs(auth.r(), auth.s())) {
            return null;
        }
        byte[] list = writer.reset().startList().writeUInt256(auth.chainId()).writeAddress(auth.address())
                .writeUInt256(UInt256.ofUnsigned(auth.nonce())).endList().toByteArray();
        byte[] message = new byte[1 + list.length];
        message[0] = SET_CODE_MAGIC;
        System.arraycopy(list, 0, message, 1, list.length);
        return recover(Keccak256.hash(message), auth.r(), auth.s(), (int) auth.yParity().toLong());
    }

    /** r in [1, n), s in [1, n/2] (EIP-2's low s). */
    private static boolean validRs(UInt256 r, UInt256 s) {
        return !r.isZero() && r.compareTo(SECP256K1_N) < 0 && !s.isZero() && s.compareTo(SECP256K1_HALF_N) <= 0;
    }

    private Address recover(byte[] hash, UInt256 r, UInt256 s, int recoveryId) {
        byte[] key = backend.recover(hash, r.toBytes32(), s.toBytes32(), recoveryId);
        if (key == null) {
            return null;
        }
        byte[] h = Keccak256.hash(key);
        return Address.wrap(Arrays.copyOfRange(h, 12, 32));
    }
}
