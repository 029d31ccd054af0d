package io.cqt.refiner.ipfs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the CARv1 of a file imported with the pinner's parameters: the header naming the root, then the blocks in
 * depth-first order from the root (so the root block comes first), each distinct block once.
 *
 * <p>Two passes over the file: the first builds the tree and keeps only its dag-pb nodes (about 9 KB per 45 MB of
 * file); the second walks the tree and reads the leaves again in file order, checking each against its CID so a
 * file that changed between the passes is an error, not a corrupt CAR.
 */
public final class CarWriter {
    private final byte[] varint = new byte[10];

    /** Writes the CAR of {@code file} to {@code out} and returns the root CID. */
    public Cid write(Path file, OutputStream out) throws IOException {
        Map<Cid, byte[]> nodes = new HashMap<>();
        Cid root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new UnixFsImporter().importFrom(in, (cid, block, length) -> {
                if (cid.codec() == Cid.DAG_PB) {
                    nodes.put(cid, java.util.Arrays.copyOf(block, length));
                }
            }).root();
        }
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        writeHeader(root, buffered);
        try (InputStream leaves = Files.newInputStream(file)) {
            writeTree(root, Files.size(file), nodes, leaves, new HashSet<>(), buffered, file);
        }
        buffered.flush();
        return root;
    }

    /** dag-cbor {@code {"roots": [root], "version": 1}}, keys in dag-cbor order (shorter first). */
    private void writeHeader(Cid root, OutputStream out) throws IOException {
        byte[] cid = root.toBytes();
        java.io.ByteArrayOutputStream header = new java.io.ByteArrayOutputStream(64);
        header.write(0xa2); // map of 2
        header.write(0x65); // text(5)
        header.writeBytes("roots".getBytes(StandardCharsets.US_ASCII));
        header.write(0x81); // array of 1
        header.write(0xd8); // tag 42: a CID
        header.write(42);
        header.write(0x58); // bytes, one-byte length
        header.write(cid.length + 1);
        header.write(0x00); // the identity multibase prefix dag-cbor puts before binary CIDs
        header.writeBytes(cid);
        header.write(0x67); // text(7)
        header.writeBytes("version".getBytes(StandardCharsets.US_ASCII));
        header.write(0x01);
        writeVarint(out, header.size());
        header.writeTo(out);
    }

    private void writeTree(Cid cid, long leafLength, Map<Cid, byte[]> nodes, InputStream leaves, Set<Cid> written,
            OutputStream out, Path file) throws IOException {
        if (cid.codec() == Cid.RAW) {
            byte[] leaf = leaves.readNBytes(Math.toIntExact(leafLength));
            if (leaf.length != leafLength || !cid.matches(leaf, 0, leaf.length)) {
                throw new IOException(file + " changed while its CAR was being written");
            }
            if (written.add(cid)) {
                writeSection(cid, leaf, out);
            }
            return;
        }
        byte[] block = nodes.get(cid);
        if (written.add(cid)) {
            writeSection(cid, block, out);
        }
        DagPb.Node node = DagPb.decode(block);
        for (int i = 0; i < node.links().size(); i++) {
            // A raw child's Tsize is its length: the leaf bytes to read next.
            writeTree(node.links().get(i), node.tsizes().get(i), nodes, leaves, written, out, file);
        }
    }

    private void writeSection(Cid cid, byte[] block, OutputStream out) throws IOException {
        writeVarint(out, Cid.BINARY_LENGTH + block.length);
        out.write(cid.toBytes());
        out.write(block);
    }

    private void writeVarint(OutputStream out, long value) throws IOException {
        out.write(varint, 0, Varint.write(varint, 0, value));
    }
}
