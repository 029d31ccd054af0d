package io.cqt.refiner.ipfs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A CIDv1 with a sha2-256 multihash, the only kind the pinner produces: codec {@link #RAW} for single-chunk files
 * and leaves, {@link #DAG_PB} for UnixFS nodes. Its string form is multibase base32 ({@code b...}).
 */
public record Cid(int codec, byte[] digest) {
    public static final int RAW = 0x55;
    public static final int DAG_PB = 0x70;
    static final int SHA2_256 = 0x12;
    static final int DIGEST_LENGTH = 32;
    /** Bytes of the binary form: version, codec, hash function, digest length, digest. */
    static final int BINARY_LENGTH = 4 + DIGEST_LENGTH;

    public Cid {
        if (codec != RAW && codec != DAG_PB) {
            throw new IllegalArgumentException("unsupported CID codec 0x" + Integer.toHexString(codec)
                    + " (only raw 0x55 and dag-pb 0x70)");
        }
        if (digest.length != DIGEST_LENGTH) {
            throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, got " + digest.length);
        }
        digest = digest.clone();
    }

    /** The CID of a block's bytes under the given codec. */
    public static Cid of(int codec, byte[] block) {
        return of(codec, block, 0, block.length);
    }

    public static Cid of(int codec, byte[] block, int offset, int length) {
        MessageDigest sha256 = sha256();
        sha256.update(block, offset, length);
        return new Cid(codec, sha256.digest());
    }

    /** Parses the base32 string form ({@code bafy...}, {@code bafk...}); a clear one-line error otherwise. */
    public static Cid parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty CID");
        }
        if (text.charAt(0) != 'b') {
            throw new IllegalArgumentException("unsupported CID '" + text
                    + "': only CIDv1 in base32 (starting with 'b') is supported");
        }
        try {
            return fromBytes(Base32.decode(text.substring(1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CID '" + text + "': " + e.getMessage(), e);
        }
    }

    /** Parses the binary form (as found in dag-pb links and CAR sections). */
    public static Cid fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    static Cid fromBytes(byte[] bytes, int offset, int length) {
        if (length != BINARY_LENGTH || bytes[offset] != 1 || bytes[offset + 2] != SHA2_256
                || bytes[offset + 3] != DIGEST_LENGTH) {
            throw new IllegalArgumentException("not a CIDv1 with a sha2-256 multihash: "
                    + HexFormat.of().formatHex(bytes, offset, offset + length));
        }
        return new Cid(bytes[offset + 1] & 0xff, Arrays.copyOfRange(bytes, offset + 4, offset + 4 + DIGEST_LENGTH));
    }

    public byte[] toBytes() {
        byte[] out = new byte[BINARY_LENGTH];
        writeTo(out, 0);
        return out;
    }

    int writeTo(byte[] out, int offset) {
        out[offset] = 1;
        out[offset + 1] = (byte) codec; // both codecs are below 0x80, so their varint is one byte
        out[offset + 2] = SHA2_256;
        out[offset + 3] = DIGEST_LENGTH;
        System.arraycopy(digest, 0, out, offset + 4, DIGEST_LENGTH);
        return offset + BINARY_LENGTH;
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** Whether the block's bytes hash to this CID. */
    public boolean matches(byte[] block, int offset, int length) {
        MessageDigest sha256 = sha256();
        sha256.update(block, offset, length);
        return MessageDigest.isEqual(digest, sha256.digest());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cid cid && cid.codec == codec && Arrays.equals(cid.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * codec + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "b" + Base32.encode(toBytes());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
