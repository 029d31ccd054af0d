package io.cqt.refiner.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarWriterTest {
    @TempDir
    Path directory;

    /** A parsed CARv1: the header's root and the sections in order. */
    record Car(Cid root, List<Cid> order, Map<Cid, byte[]> blocks) {
    }

    @Test
    void multiChunkFileRootFirstEachBlockOnceAndComplete() throws Exception {
        // Two identical zero chunks and a distinct tail: the zero leaf must appear once.
        byte[] data = new byte[2 * UnixFsImporter.CHUNK_SIZE + 1000];
        Arrays.fill(data, 2 * UnixFsImporter.CHUNK_SIZE, data.length, (byte) 7);
        Car car = writeAndParse(data);
        assertEquals(UnixFsImporter.cidOf(data), car.root());
        assertEquals(car.root(), car.order().get(0), "root block first");
        assertEquals(3, car.order().size(), "root, zero leaf once, tail leaf");
        assertArrayEquals(data, reassemble(car, car.root()));
    }

    @Test
    void singleChunkFileIsOneRawSection() throws Exception {
        byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
        Car car = writeAndParse(data);
        assertEquals("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq", car.root().toString());
        assertEquals(List.of(car.root()), car.order());
        assertArrayEquals(data, car.blocks().get(car.root()));
    }

    @Test
    void twoLevelTreeIsWrittenDepthFirst() throws Exception {
        byte[] data = UnixFsImporterTest.patterned(175L * UnixFsImporter.CHUNK_SIZE);
        Car car = writeAndParse(data);
        assertEquals(car.root(), car.order().get(0));
        DagPb.Node root = DagPb.decode(car.blocks().get(car.root()));
        assertEquals(root.links().get(0), car.order().get(1), "first child node right after the root");
        assertEquals(2 + 175 + 1, car.order().size(), "root, two nodes, 175 leaves, all distinct");
        assertArrayEquals(data, reassemble(car, car.root()));
    }

    private Car writeAndParse(byte[] data) throws Exception {
        Path file = Files.write(directory.resolve("file"), data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Cid returned = new CarWriter().write(file, out);
        Car car = parse(out.toByteArray());
        assertEquals(returned, car.root());
        return car;
    }

    /** Reads a CARv1 with a one-root header, checking every block against its CID and that none repeats. */
    static Car parse(byte[] car) {
        Varint.Reader reader = new Varint.Reader(car, 0, car.length);
        int headerStart = reader.skipLengthDelimited();
        int headerEnd = reader.position();
        // {"roots": [tag 42 (0x00 ++ cid)], "version": 1}, keys sorted shortest first.
        byte[] header = Arrays.copyOfRange(car, headerStart, headerEnd);
        assertEquals(0xa2, header[0] & 0xff, "map of two entries");
        assertEquals("roots", new String(header, 2, 5, StandardCharsets.US_ASCII));
        assertEquals(0x81, header[7] & 0xff, "one root");
        assertEquals(0xd8, header[8] & 0xff);
        assertEquals(42, header[9]);
        assertEquals(0x58, header[10] & 0xff);
        assertEquals(37, header[11]);
        assertEquals(0, header[12]);
        Cid root = Cid.fromBytes(Arrays.copyOfRange(header, 13, 13 + 36));
        assertEquals("version", new String(header, 50, 7, StandardCharsets.US_ASCII));
        assertEquals(1, header[57]);
        assertEquals(58, header.length);

        List<Cid> order = new ArrayList<>();
        Map<Cid, byte[]> blocks = new HashMap<>();
        while (reader.hasMore()) {
            int start = reader.skipLengthDelimited();
            Cid cid = Cid.fromBytes(Arrays.copyOfRange(car, start, start + 36));
            byte[] block = Arrays.copyOfRange(car, start + 36, reader.position());
            assertTrue(cid.matches(block, 0, block.length), "block matches " + cid);
            assertTrue(blocks.put(cid, block) == null, "block " + cid + " written once");
            order.add(cid);
        }
        return new Car(root, order, blocks);
    }

    static byte[] reassemble(Car car, Cid cid) {
        byte[] block = car.blocks().get(cid);
        if (cid.codec() == Cid.RAW) {
            return block;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Cid child : DagPb.decode(block).links()) {
            out.writeBytes(reassemble(car, child));
        }
        return out.toByteArray();
    }
}
