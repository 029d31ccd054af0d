package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded content store: the UnixFS blocks of each file (raw leaves and dag-pb nodes) as files named by their
 * CID under a directory. Blocks are written atomically (temporary file, then rename) in the order the importer
 * builds them, children before parents, so the presence of a root block means its whole tree is stored. Every
 * block read is checked against its CID. File I/O runs off the event loop.
 */
public final class LocalContentStore implements ContentStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalContentStore.class);
    private static final String TEMP_PREFIX = ".incoming-";

    private final Vertx vertx;
    private final Path directory;

    public LocalContentStore(Vertx vertx, Path directory) {
        this.vertx = vertx;
        this.directory = directory.toAbsolutePath().normalize();
    }

    public Path directory() {
        return directory;
    }

    /**
     * Removes the temporary blocks ({@code .incoming-*.tmp}) a killed writer left behind. Call it before this store
     * is written to, by the one process that owns the directory: a temporary file another writer is filling now
     * would be taken too.
     */
    public Future<Integer> removeHalfWritten() {
        return blocking(() -> {
            if (!Files.isDirectory(directory)) {
                return 0;
            }
            int removed = 0;
            try (DirectoryStream<Path> shards = Files.newDirectoryStream(directory, Files::isDirectory)) {
                for (Path shard : shards) {
                    try (DirectoryStream<Path> temps = Files.newDirectoryStream(shard, TEMP_PREFIX + "*.tmp")) {
                        for (Path temp : temps) {
                            removed += Files.deleteIfExists(temp) ? 1 : 0;
                        }
                    }
                }
            }
            if (removed > 0) {
                LOG.info("local store {}: removed {} half-written block(s) left by an earlier run", directory,
                        removed);
            }
            return removed;
        });
    }

    @Override
    public Future<Cid> put(byte[] data) {
        return blocking(() -> store(new ByteArrayInputStream(data)));
    }

    @Override
    public Future<Cid> putFile(Path file) {
        return blocking(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                return store(in);
            }
        });
    }

    @Override
    public Future<byte[]> get(Cid cid) {
        return blocking(() -> {
            byte[] root = readBlock(cid);
            if (cid.codec() == Cid.RAW) {
                return root;
            }
            long size = DagPb.unixFsFileSize(DagPb.decode(root).data());
            if (size > Integer.MAX_VALUE - 16) {
                throw new ContentStoreException(cid + " in " + directory + " is " + size
                        + " bytes, too large to return in memory");
            }
            ByteBuffer out = ByteBuffer.allocate((int) size);
            assemble(root, out);
            if (out.hasRemaining()) {
                throw new ContentMismatchException(cid + " in " + directory + " declares " + size
                        + " bytes but its leaves hold " + out.position());
            }
            return out.array();
        });
    }

    @Override
    public Future<Boolean> has(Cid cid) {
        return blocking(() -> Files.exists(blockPath(cid)));
    }

    @Override
    public Future<Health> health() {
        return blocking(() -> {
            Files.createDirectories(directory);
            boolean writable = Files.isWritable(directory);
            return new Health(writable, writable ? "local store at " + directory
                    : "local store at " + directory + " is not writable");
        });
    }

    private Cid store(InputStream in) throws IOException {
        Files.createDirectories(directory);
        return new UnixFsImporter().importFrom(in, this::writeBlock).root();
    }

    private void writeBlock(Cid cid, byte[] block, int length) throws IOException {
        Path target = blockPath(cid);
        if (Files.exists(target)) {
            return; // content-addressed: the same name always holds the same bytes
        }
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), TEMP_PREFIX, ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(block, 0, length);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true); // a block that survives a crash is complete
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void assemble(byte[] nodeBlock, ByteBuffer out) throws IOException {
        for (Cid child : DagPb.decode(nodeBlock).links()) {
            byte[] block = readBlock(child);
            if (child.codec() == Cid.RAW) {
                if (block.length > out.remaining()) {
                    throw new ContentMismatchException("the leaves under a node in " + directory
                            + " hold more bytes than its declared file size");
                }
                out.put(block);
            } else {
                assemble(block, out);
            }
        }
    }

    private byte[] readBlock(Cid cid) throws IOException {
        byte[] block;
        try {
            block = Files.readAllBytes(blockPath(cid));
        } catch (NoSuchFileException e) {
            throw new ContentNotFoundException(cid + " is not in the local store at " + directory);
        }
        if (!cid.matches(block, 0, block.length)) {
            throw new ContentMismatchException("block " + blockPath(cid) + " does not match its CID (corrupted store)");
        }
        return block;
    }

    /** Blocks are spread over sub-directories named by the CID's last two characters, to keep directories small. */
    private Path blockPath(Cid cid) {
        String name = cid.toString();
        return directory.resolve(name.substring(name.length() - 2)).resolve(name);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(() -> {
            try {
                return work.call();
            } catch (ContentStoreException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ContentMismatchException("malformed block in the local store at " + directory + ": "
                        + e.getMessage());
            } catch (IOException e) {
                throw new ContentStoreException("local store at " + directory + ": " + e, e);
            }
        }, false);
    }
}
