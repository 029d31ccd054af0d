package io.cqt.refiner.evm.interp;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.types.Address;
import java.util.Arrays;

/**
 * New contract addresses. CREATE's is keccak256(rlp([sender, nonce]))[12:]; the two-item RLP list is written here
 * directly (both items are short, so the list header is a single byte).
 */
public final class ContractAddress {
    private ContractAddress() {
    }

    /** CREATE: {@code nonce} is unsigned 64-bit, the sender's nonce before the creation. */
    public static Address create(Address sender, long nonce) {
        byte[] buf = new byte[1 + 21 + 9];
        int p = 1;
        buf[p++] = (byte) (0x80 + Address.SIZE);
        System.arraycopy(sender.array(), 0, buf, p, Address.SIZE);
        p += Address.SIZE;
        if (nonce == 0) {
            buf[p++] = (byte) 0x80; // the empty string: RLP encodes integer zero without bytes
        } else if (nonce > 0 && nonce < 0x80) {
            buf[p++] = (byte) nonce;
        } else {
            int len = 8 - Long.numberOfLeadingZeros(nonce) / 8;
            buf[p++] = (byte) (0x80 + len);
            for (int i = len - 1; i >= 0; i--) {
                buf[p++] = (byte) (nonce >>> (8 * i));
            }
        }
        buf[0] = (byte) (0xc0 + p - 1);
        byte[] hash = Keccak256.hash(buf, 0, p);
        return Address.wrap(Arrays.copyOfRange(hash, 12, 32));
    }

    /** CREATE2 (EIP-1014): keccak256(0xff ++ sender ++ salt ++ keccak256(initcode))[12:]. */
    public static Address create2(Address sender, byte[] salt32, byte[] initcodeHash) {
        byte[] buf = new byte[1 + 20 + 32 + 32];
        buf[0] = (byte) 0xff;
        System.arraycopy(sender.array(), 0, buf, 1, 20);
        System.arraycopy(salt32, 0, buf, 21, 32);
        System.arraycopy(initcodeHash, 0, buf, 53, 32);
        byte[] hash = Keccak256.hash(buf);
        return Address.wrap(Arrays.copyOfRange(hash, 12, 32));
    }
}
