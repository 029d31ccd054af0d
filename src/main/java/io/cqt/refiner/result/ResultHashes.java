package io.cqt.refiner.result;

import io.cqt.refiner.types.Hash;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The result hash operators prove on chain: SHA-256 of the result's compat bytes ({@code resultHash} of
 * {@code submitBlockResultProof}).
 */
public final class ResultHashes {
    private ResultHashes() {
    }

    /** SHA-256 of bytes already written (the bytes that are also pinned). */
    public static Hash sha256(byte[] resultBytes) {
        return Hash.wrap(newDigest().digest(resultBytes));
    }

    /** SHA-256 of the result's compat bytes, streamed through the digest without holding them in memory. */
    public static Hash compatSha256(BlockResult result, CompatResultWriter writer) {
        MessageDigest digest = newDigest();
        writer.write(result, new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }
        });
        return Hash.wrap(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
