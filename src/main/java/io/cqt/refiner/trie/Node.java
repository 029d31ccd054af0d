package io.cqt.refiner.trie;

/**
 * A node of an in-memory Merkle-Patricia trie. Nodes are immutable apart from the lazily cached RLP encoding and
 * hash: an update copies the path from the root to the changed leaf, so every untouched subtree keeps its cache.
 */
abstract sealed class Node permits Node.Leaf, Node.Extension, Node.Branch {
    /** The node's RLP, once computed. */
    byte[] encoding;
    /** keccak256 of {@link #encoding}, once computed. */
    byte[] hash;

    /** The rest of a key (one nibble per byte) and its value. */
    static final class Leaf extends Node {
        final byte[] path;
        final byte[] value;

        Leaf(byte[] path, byte[] value) {
            this.path = path;
            this.value = value;
        }
    }

    /** A shared run of nibbles (at least one) leading to a branch. */
    static final class Extension extends Node {
        final byte[] path;
        final Node child;

        Extension(byte[] path, Node child) {
            this.path = path;
            this.child = child;
        }
    }

    /** Sixteen children by next nibble (null where absent) and the value of a key ending here (or null). */
    static final class Branch extends Node {
        final Node[] children;
        final byte[] value;

        Branch(Node[] children, byte[] value) {
            this.children = children;
            this.value = value;
        }
    }
}
