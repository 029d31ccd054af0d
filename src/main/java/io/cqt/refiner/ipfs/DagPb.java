package io.cqt.refiner.ipfs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The dag-pb nodes of UnixFS files, in the exact byte layout the pinner produces: links first (each with an empty
 * name and its Tsize), then the UnixFS data (type File, the file size, one block size per child).
 */
final class DagPb {
    private static final int UNIXFS_FILE = 2;

    private DagPb() {
    }

    /** A child of a file node: its CID, its Tsize (block plus descendants) and the file bytes below it. */
    record Link(Cid cid, long tsize, long fileSize) {
    }

    /** A decoded node: its links (CID and Tsize) and the UnixFS data. */
    record Node(List<Cid> links, List<Long> tsizes, byte[] data) {
    }

    /** Encodes a UnixFS File node over the given children. */
    static byte[] encodeFileNode(List<Link> children) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(children.size() * 56 + 16);
        byte[] cidBytes = new byte[Cid.BINARY_LENGTH];
        long fileSize = 0;
        for (Link child : children) {
            child.cid().writeTo(cidBytes, 0);
            int inner = 2 + Cid.BINARY_LENGTH + 2 + 1 + Varint.size(child.tsize());
            out.write(0x12); // PBNode.Links
            Varint.write(out, inner);
            out.write(0x0a); // PBLink.Hash
            out.write(Cid.BINARY_LENGTH);
            out.writeBytes(cidBytes);
            out.write(0x12); // PBLink.Name, present and empty as the pinner writes it
            out.write(0x00);
            out.write(0x18); // PBLink.Tsize
            Varint.write(out, child.tsize());
            fileSize += child.fileSize();
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream(children.size() * 4 + 16);
        data.write(0x08); // Data.Type = File
        data.write(UNIXFS_FILE);
        data.write(0x18); // Data.filesize
        Varint.write(data, fileSize);
        for (Link child : children) {
            data.write(0x20); // Data.blocksizes, one unpacked entry per child
            Varint.write(data, child.fileSize());
        }
        out.write(0x0a); // PBNode.Data
        Varint.write(out, data.size());
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }

    /** Decodes a dag-pb node; a malformed one gives an {@link IllegalArgumentException} saying what is wrong. */
    static Node decode(byte[] block) {
        List<Cid> links = new ArrayList<>();
        List<Long> tsizes = new ArrayList<>();
        byte[] data = new byte[0];
        Varint.Reader reader = new Varint.Reader(block, 0, block.length);
        while (reader.hasMore()) {
            long key = reader.readVarint();
            if (key == 0x12) {
                int start = reader.skipLengthDelimited();
                decodeLink(block, start, reader.position(), links, tsizes);
            } else if (key == 0x0a) {
                int start = reader.skipLengthDelimited();
                data = java.util.Arrays.copyOfRange(block, start, reader.position());
            } else {
                throw new IllegalArgumentException("unexpected dag-pb field key " + key);
            }
        }
        return new Node(List.copyOf(links), List.copyOf(tsizes), data);
    }

    private static void decodeLink(byte[] block, int start, int end, List<Cid> links, List<Long> tsizes) {
        Varint.Reader reader = new Varint.Reader(block, start, end);
        Cid cid = null;
        long tsize = 0;
        while (reader.hasMore()) {
            long key = reader.readVarint();
            if (key == 0x0a) {
                int from = reader.skipLengthDelimited();
                cid = Cid.fromBytes(block, from, reader.position() - from);
            } else if (key == 0x12) {
                reader.skipLengthDelimited();
            } else if (key == 0x18) {
                tsize = reader.readVarint();
            } else {
                throw new IllegalArgumentException("unexpected dag-pb link field key " + key);
            }
        }
        if (cid == null) {
            throw new IllegalArgumentException("dag-pb link without a hash");
        }
        links.add(cid);
        tsizes.add(tsize);
    }

    /** The file size recorded in a UnixFS File node's data. */
    static long unixFsFileSize(byte[] data) {
        Varint.Reader reader = new Varint.Reader(data, 0, data.length);
        long type = -1;
        long fileSize = -1;
        while (reader.hasMore()) {
            long key = reader.readVarint();
            switch ((int) (key & 7)) {
                case 0 -> {
                    long value = reader.readVarint();
                    if (key >>> 3 == 1) {
                        type = value;
                    } else if (key >>> 3 == 3) {
                        fileSize = value;
                    }
                }
                case 2 -> reader.skipLengthDelimited();
                default -> throw new IllegalArgumentException("unexpected UnixFS field key " + key);
            }
        }
        if (type != UNIXFS_FILE || fileSize < 0) {
            throw new IllegalArgumentException("not a UnixFS file node (type " + type + ", filesize " + fileSize + ")");
        }
        return fileSize;
    }
}
