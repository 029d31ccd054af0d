package io.cqt.refiner.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class LocalContentStoreTest {
    @TempDir
    Path directory;
    LocalContentStore store;

    @BeforeEach
    void setUp(Vertx vertx) {
        store = new LocalContentStore(vertx, directory.resolve("blocks"));
    }

    @Test
    void roundTripsSmallAndMultiChunkContentUnderThePinnersCid() throws Exception {
        for (byte[] data : List.of(new byte[0], "hello".getBytes(),
                UnixFsImporterTest.patterned(2L * UnixFsImporter.CHUNK_SIZE + 777))) {
            Cid cid = Await.result(store.put(data.clone()));
            assertEquals(UnixFsImporter.cidOf(data), cid);
            assertTrue(Await.result(store.has(cid)));
            assertArrayEquals(data, Await.result(store.get(cid)));
        }
    }

    @Test
    void putFileStreamsAFileAndStoresEveryBlockOnce() throws Exception {
        byte[] data = new byte[3 * UnixFsImporter.CHUNK_SIZE]; // three identical leaves: one block on disk
        Path file = directory.resolve("zeros");
        Files.write(file, data);
        Cid cid = Await.result(store.putFile(file));
        assertEquals(UnixFsImporter.cidOf(data), cid);
        assertEquals(2, blockFiles().size(), "one leaf and one node");
        assertArrayEquals(data, Await.result(store.get(cid)));
        Await.result(store.putFile(file));
        assertEquals(2, blockFiles().size(), "storing again adds nothing");
    }

    @Test
    void aCorruptedBlockIsReportedNotReturned() throws Exception {
        byte[] data = UnixFsImporterTest.patterned(UnixFsImporter.CHUNK_SIZE + 10);
        Cid cid = Await.result(store.put(data));
        Path leaf = blockFiles().stream().filter(p -> p.getFileName().toString().startsWith("bafkrei"))
                .findFirst().orElseThrow();
        byte[] bytes = Files.readAllBytes(leaf);
        bytes[0] ^= 1;
        Files.write(leaf, bytes);
        Throwable failure = Await.failure(store.get(cid));
        assertInstanceOf(ContentMismatchException.class, failure);
        assertTrue(failure.getMessage().contains("does not match its CID"), failure.getMessage());
    }

    @Test
    void unknownContentIsNotFound() throws Exception {
        Cid absent = UnixFsImporter.cidOf("never stored".getBytes());
        assertFalse(Await.result(store.has(absent)));
        Throwable failure = Await.failure(store.get(absent));
        assertInstanceOf(ContentNotFoundException.class, failure);
        assertTrue(failure.getMessage().contains(absent.toString()), failure.getMessage());
    }

    @Test
    void leavesNoTemporaryFilesAndReportsHealthy() throws Exception {
        Await.result(store.put(UnixFsImporterTest.patterned(100_000)));
        assertTrue(blockFiles().stream().noneMatch(p -> p.getFileName().toString().startsWith(".incoming")));
        assertTrue(Await.result(store.health()).healthy());
    }

    private List<Path> blockFiles() throws IOException {
        try (Stream<Path> files = Files.walk(directory.resolve("blocks"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
