package io.cqt.refiner.trie;

import io.cqt.refiner.types.Hash;
import java.util.Arrays;

/**
 * An in-memory Merkle-Patricia trie (Yellow Paper appendix D) over raw keys. Node encodings and hashes are cached
 * and survive updates elsewhere in the trie, so recomputing {@link #root()} after a few changes re-hashes only the
 * changed paths. Values are kept by reference: do not modify an array after putting it. Not thread-safe.
 */
public final class MerklePatriciaTrie {
    /** The root of the empty trie, keccak256(rlp("")). */
    public static final Hash EMPTY_ROOT =
            Hash.fromHex("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

    private final NodeEncoder encoder = new NodeEncoder();
    private Node root;

    /** Sets {@code key} to {@code value}; an empty value removes the key, as in Ethereum's tries. */
    public void put(byte[] key, byte[] value) {
        if (value.length == 0) {
            remove(key);
            return;
        }
        root = put(root, CompactEncoding.toNibbles(key), 0, value);
    }

    public void remove(byte[] key) {
        root = remove(root, CompactEncoding.toNibbles(key), 0);
    }

    /** The value at {@code key}, or null. */
    public byte[] get(byte[] key) {
        byte[] nibbles = CompactEncoding.toNibbles(key);
        Node node = root;
        int at = 0;
        while (node != null) {
            switch (node) {
                case Node.Leaf leaf -> {
                    return Arrays.equals(leaf.path, 0, leaf.path.length, nibbles, at, nibbles.length)
                            ? leaf.value : null;
                }
                case Node.Extension ext -> {
                    if (commonPrefix(ext.path, nibbles, at) < ext.path.length) {
                        return null;
                    }
                    at += ext.path.length;
                    node = ext.child;
                }
                case Node.Branch branch -> {
                    if (at == nibbles.length) {
                        return branch.value;
                    }
                    node = branch.children[nibbles[at++]];
                }
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return root == null;
    }

    public Hash root() {
        return root == null ? EMPTY_ROOT : Hash.wrap(encoder.hash(root));
    }

    private static Node put(Node node, byte[] key, int at, byte[] value) {
        if (node == null) {
            return new Node.Leaf(Arrays.copyOfRange(key, at, key.length), value);
        }
        return switch (node) {
            case Node.Leaf leaf -> {
                int common = commonPrefix(leaf.path, key, at);
                if (common == leaf.path.length && at + common == key.length) {
                    yield new Node.Leaf(leaf.path, value);
                }
                Node[] children = new Node[16];
                byte[] branchValue = null;
                if (common == leaf.path.length) {
                    branchValue = leaf.value;
                } else {
                    children[leaf.path[common]] =
                            new Node.Leaf(Arrays.copyOfRange(leaf.path, common + 1, leaf.path.length), leaf.value);
                }
                if (at + common == key.length) {
                    branchValue = value;
                } else {
                    children[key[at + common]] = new Node.Leaf(Arrays.copyOfRange(key, at + common + 1, key.length),
                            value);
                }
                yield withPrefix(leaf.path, common, new Node.Branch(children, branchValue));
            }
            case Node.Extension ext -> {
                int common = commonPrefix(ext.path, key, at);
                if (common == ext.path.length) {
                    yield new Node.Extension(ext.path, put(ext.child, key, at + common, value));
                }
                Node[] children = new Node[16];
                children[ext.path[common]] = common + 1 == ext.path.length
                        ? ext.child
                        : new Node.Extension(Arrays.copyOfRange(ext.path, common + 1, ext.path.length), ext.child);
                byte[] branchValue = null;
                if (at + common == key.length) {
                    branchValue = value;
                } else {
                    children[key[at + common]] = new Node.Leaf(Arrays.copyOfRange(key, at + common + 1, key.length),
                            value);
                }
                yield withPrefix(ext.path, common, new Node.Branch(children, branchValue));
            }
            case Node.Branch branch -> {
                if (at == key.length) {
                    yield new Node.Branch(branch.children, value);
                }
                Node[] children = branch.children.clone();
                children[key[at]] = put(children[key[at]], key, at + 1, value);
                yield new Node.Branch(children, branch.value);
            }
        };
    }

    private static Node remove(Node node, byte[] key, int at) {
        if (node == null) {
            return null;
        }
        return switch (node) {
            case Node.Leaf leaf -> Arrays.equals(leaf.path, 0, leaf.path.length, key, at, key.length) ? null : leaf;
            case Node.Extension ext -> {
                if (commonPrefix(ext.path, key, at) < ext.path.length) {
                    yield ext;
                }
                Node child = remove(ext.child, key, at + ext.path.length);
                yield child == ext.child ? ext : join(ext.path, child);
            }
            case Node.Branch branch -> {
                if (at == key.length) {
                    yield branch.value == null ? branch : collapse(branch.children, null);
                }
                Node child = branch.children[key[at]];
                Node updated = remove(child, key, at + 1);
                if (updated == child) {
                    yield branch;
                }
                Node[] children = branch.children.clone();
                children[key[at]] = updated;
                yield collapse(children, branch.value);
            }
        };
    }

    /** A branch with at least two entries stays; with one, it becomes a leaf or joins its only child. */
    private static Node collapse(Node[] children, byte[] value) {
        int only = -1;
        int count = value == null ? 0 : 1;
        for (int i = 0; i < 16; i++) {
            if (children[i] != null) {
                only = i;
                count++;
            }
        }
        if (count >= 2) {
            return new Node.Branch(children, value);
        }
        if (count == 0) {
            return null;
        }
        if (only < 0) {
            return new Node.Leaf(new byte[0], value);
        }
        return join(new byte[] {(byte) only}, children[only]);
    }

    /** {@code prefix} followed by {@code child}, merging runs of path so no extension points at a leaf/extension. */
    private static Node join(byte[] prefix, Node child) {
        return switch (child) {
            case null -> null;
            case Node.Leaf leaf -> new Node.Leaf(concat(prefix, leaf.path), leaf.value);
            case Node.Extension ext -> new Node.Extension(concat(prefix, ext.path), ext.child);
            case Node.Branch branch -> new Node.Extension(prefix, branch);
        };
    }

    private static Node withPrefix(byte[] path, int length, Node.Branch branch) {
        return length == 0 ? branch : new Node.Extension(Arrays.copyOf(path, length), branch);
    }

    /** The number of leading nibbles {@code path} shares with {@code key[at..]}. */
    private static int commonPrefix(byte[] path, byte[] key, int at) {
        int max = Math.min(path.length, key.length - at);
        int i = 0;
        while (i < max && path[i] == key[at + i]) {
            i++;
        }
        return i;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
