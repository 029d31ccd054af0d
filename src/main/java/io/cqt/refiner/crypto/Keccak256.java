package io.cqt.refiner.crypto;

import io.cqt.refiner.types.Hash;
import org.bouncycastle.crypto.digests.KeccakDigest;

/** Keccak-256 (the pre-standard SHA-3 Ethereum uses). Instances are not thread-safe; the static helpers are. */
public final class Keccak256 {
    /** keccak256 of the empty string: the code hash of an account without code. */
    public static final Hash EMPTY = Hash.fromHex("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    /** keccak256(rlp([])): the empty uncle list hash and the hash of an empty log list. */
    public static final Hash EMPTY_LIST = Hash.fromHex(
            "1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");

    private static final ThreadLocal<Keccak256> LOCAL = ThreadLocal.withInitial(Keccak256::new);

    private final KeccakDigest digest = new KeccakDigest(256);

    public void update(byte[] input, int offset, int length) {
        digest.update(input, offset, length);
    }

    public void update(byte input) {
        digest.update(input);
    }

    /** Finishes into {@code out[offset..offset+32)} and resets for the next use. */
    public void digest(byte[] out, int offset) {
        digest.doFinal(out, offset);
    }

    public static byte[] hash(byte[] input) {
        return hash(input, 0, input.length);
    }

    public static byte[] hash(byte[] input, int offset, int length) {
        Keccak256 k = LOCAL.get();
        k.digest.update(input, offset, length);
        byte[] out = new byte[32];
        k.digest.doFinal(out, 0);
        return out;
    }

    public static Hash of(byte[] input) {
        return Hash.wrap(hash(input));
    }
}
