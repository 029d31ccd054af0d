package io.cqt.refiner.ipfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * UnixFS file import with the pinner's parameters: CIDv1, raw leaves, sha2-256, 262,144-byte chunks, balanced
 * layout with at most 174 links per node. It streams: one reusable chunk buffer and, per tree level, only the links
 * not yet gathered into a node, so memory stays constant whatever the file size.
 *
 * <p>Not thread-safe (it owns the chunk buffer); make one per thread or per import.
 */
public final class UnixFsImporter {
    public static final int CHUNK_SIZE = 262_144;
    public static final int MAX_LINKS = 174;

    /** Receives every block once it is built: leaves in file order, each node after its children. */
    @FunctionalInterface
    public interface BlockSink {
        /** {@code block[0..length)} is only valid during the call: the importer reuses the array. */
        void accept(Cid cid, byte[] block, int length) throws IOException;
    }

    /** The root CID and the number of file bytes imported. */
    public record Result(Cid root, long size) {
    }

    private static final BlockSink DISCARD = (cid, block, length) -> { };

    private final byte[] chunk = new byte[CHUNK_SIZE];
    private final MessageDigest sha256 = Cid.sha256();

    /** The pinner's CID of a byte array. */
    public static Cid cidOf(byte[] data) {
        try {
            return new UnixFsImporter().importFrom(new java.io.ByteArrayInputStream(data), DISCARD).root();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
    }

    /** The pinner's CID of a file, read once in constant memory. */
    public Result cidOf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return importFrom(in, DISCARD);
        }
    }

    /** Imports a stream to its end, handing each block to the sink, and returns the root. */
    public Result importFrom(InputStream in, BlockSink sink) throws IOException {
        List<List<DagPb.Link>> levels = new ArrayList<>();
        long size = 0;
        boolean first = true;
        while (true) {
            int length = in.readNBytes(chunk, 0, CHUNK_SIZE);
            // An empty file is one empty raw leaf; otherwise a short read means the end was reached.
            if (length == 0 && !first) {
                break;
            }
            first = false;
            sha256.update(chunk, 0, length);
            Cid leaf = new Cid(Cid.RAW, sha256.digest());
            sink.accept(leaf, chunk, length);
            size += length;
            add(levels, 0, new DagPb.Link(leaf, length, length), sink);
            if (length < CHUNK_SIZE) {
                break;
            }
        }
        return new Result(finish(levels, sink), size);
    }

    /** Adds a link at a level; a full level becomes a node one level up right away, as the balanced layout does. */
    private void add(List<List<DagPb.Link>> levels, int level, DagPb.Link link, BlockSink sink) throws IOException {
        if (levels.size() == level) {
            levels.add(new ArrayList<>(MAX_LINKS));
        }
        List<DagPb.Link> pending = levels.get(level);
        pending.add(link);
        if (pending.size() == MAX_LINKS) {
            DagPb.Link node = node(pending, sink);
            pending.clear();
            add(levels, level + 1, node, sink);
        }
    }

    /**
     * Gathers the pending links level by level. A level that never passed a node upwards and holds exactly one link
     * is the top: that link is the root (so a one-chunk file is its raw leaf).
     */
    private Cid finish(List<List<DagPb.Link>> levels, BlockSink sink) throws IOException {
        for (int level = 0; ; level++) {
            List<DagPb.Link> pending = levels.get(level);
            boolean top = levels.size() == level + 1;
            if (top && pending.size() == 1) {
                return pending.get(0).cid();
            }
            if (!pending.isEmpty()) {
                DagPb.Link node = node(pending, sink);
                pending.clear();
                if (top) {
                    levels.add(new ArrayList<>(List.of(node)));
                } else {
                    levels.get(level + 1).add(node);
                }
            }
        }
    }

    private DagPb.Link node(List<DagPb.Link> children, BlockSink sink) throws IOException {
        byte[] block = DagPb.encodeFileNode(children);
        sha256.update(block);
        Cid cid = new Cid(Cid.DAG_PB, sha256.digest());
        sink.accept(cid, block, block.length);
        long tsize = block.length;
        long fileSize = 0;
        for (DagPb.Link child : children) {
            tsize += child.tsize();
            fileSize += child.fileSize();
        }
        return new DagPb.Link(cid, tsize, fileSize);
    }
}
