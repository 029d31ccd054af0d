package io.cqt.refiner.trie;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.rlp.RlpWriter;

/** Computes and caches node encodings; one per trie, reusing its writer. Not thread-safe. */
final class NodeEncoder {
    /** A child whose encoding is shorter than this is embedded in its parent instead of referenced by hash. */
    static final int INLINE_LIMIT = 32;

    private final RlpWriter writer = new RlpWriter();

    byte[] encoding(Node node) {
        if (node.encoding != null) {
            return node.encoding;
        }
        switch (node) {
            case Node.Leaf leaf -> {
                writer.reset().startList()
                        .writeBytes(CompactEncoding.encode(leaf.path, 0, leaf.path.length, true))
                        .writeBytes(leaf.value)
                        .endList();
            }
            case Node.Extension ext -> {
                encoding(ext.child);
                writer.reset().startList().writeBytes(CompactEncoding.encode(ext.path, 0, ext.path.length, false));
                writeReference(ext.child);
                writer.endList();
            }
            case Node.Branch branch -> {
                for (Node child : branch.children) {
                    if (child != null) {
                        encoding(child);
                    }
                }
                writer.reset().startList();
                for (Node child : branch.children) {
                    if (child == null) {
                        writer.writeBytes(EMPTY);
                    } else {
                        writeReference(child);
                    }
                }
                writer.writeBytes(branch.value == null ? EMPTY : branch.value).endList();
            }
        }
        node.encoding = writer.toByteArray();
        return node.encoding;
    }

    byte[] hash(Node node) {
        if (node.hash == null) {
            node.hash = Keccak256.hash(encoding(node));
        }
        return node.hash;
    }

    /** The child's encoding inline when short, otherwise its hash; the child's encoding must be cached already. */
    private void writeReference(Node child) {
        byte[] childEncoding = child.encoding;
        if (childEncoding.length < INLINE_LIMIT) {
            writer.writeRaw(childEncoding);
        } else {
            writer.writeBytes(hash(child));
        }
    }

    private static final byte[] EMPTY = new byte[0];
}
