package io.cqt.refiner.ipfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnixFsImporterTest {
    // Known answers from docs/ipfs.md: CIDs the network's pinner returned for these inputs.
    @Test
    void emptyFileIsTheRawBlockOfNothing() {
        assertEquals("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
                UnixFsImporter.cidOf(new byte[0]).toString());
    }

    @Test
    void tinyFilesAreSingleRawBlocks() {
        assertEquals("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq",
                UnixFsImporter.cidOf("hello".getBytes(StandardCharsets.US_ASCII)).toString());
        assertEquals("bafkreiehfggmf4y7xjzrqhvcvhto6eg44ipnsxuyxwwjytqvatvbn5eg4q",
                UnixFsImporter.cidOf("hello2".getBytes(StandardCharsets.US_ASCII)).toString());
    }

    @Test
    void oneByteOverAChunkIsADagPbNode() {
        assertEquals("bafybeigllfqgfpqydppr6cmv56g7ax4wyhruzswvcefv6j5kj77nzttfki",
                UnixFsImporter.cidOf(new byte[UnixFsImporter.CHUNK_SIZE + 1]).toString());
    }

    @Test
    void exactlyOneChunkStaysRaw() {
        byte[] data = new byte[UnixFsImporter.CHUNK_SIZE];
        Cid cid = UnixFsImporter.cidOf(data);
        assertEquals(Cid.of(Cid.RAW, data), cid);
    }

    @Test
    void specimenFromMainnetMatchesThePinner() throws IOException {
        Path specimen = SharedData.specimen(22433670, "specimen-codec-0.38.avro");
        assertEquals("bafybeies5axj3hr5ylotqqrwqyerrfiqfvvu6ad33xll7iah677bi46rdy",
                new UnixFsImporter().cidOf(specimen).root().toString());
    }

    /**
     * The tree shape at the 174-leaf boundary, checked by decoding the emitted nodes: 174 leaves fit one node, 175
     * need a second level whose second child holds the last leaf alone.
     */
    @Test
    void balancedLayoutAroundTheLinkLimit() throws IOException {
        int chunk = UnixFsImporter.CHUNK_SIZE;
        Tree full = importTree(patterned(174L * chunk));
        DagPb.Node root = DagPb.decode(full.blocks.get(full.root));
        assertEquals(174, root.links().size());
        assertTrue(root.links().stream().allMatch(c -> c.codec() == Cid.RAW));
        assertEquals(174L * chunk, DagPb.unixFsFileSize(root.data()));

        Tree over = importTree(patterned(174L * chunk + 1));
        DagPb.Node top = DagPb.decode(over.blocks.get(over.root));
        assertEquals(2, top.links().size());
        assertEquals(174, DagPb.decode(over.blocks.get(top.links().get(0))).links().size());
        DagPb.Node second = DagPb.decode(over.blocks.get(top.links().get(1)));
        assertEquals(1, second.links().size());
        assertEquals(1, over.blocks.get(second.links().get(0)).length);
        // The first subtree is the whole 174-leaf file from before.
        assertEquals(full.root, top.links().get(0));
    }

    /** Every leaf, read in tree order, gives the file back, and every Tsize is block length plus the children's. */
    @Test
    void treeReassemblesAndTsizesAddUp() throws IOException {
        byte[] data = patterned(3L * UnixFsImporter.CHUNK_SIZE + 12345);
        Tree tree = importTree(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long tsize = collect(tree, tree.root, out);
        assertArrayEquals(data, out.toByteArray());
        DagPb.Node root = DagPb.decode(tree.blocks.get(tree.root));
        long childTsizes = root.tsizes().stream().mapToLong(Long::longValue).sum();
        assertEquals(tsize, tree.blocks.get(tree.root).length + childTsizes);
    }

    @Test
    void parseAndFormatRoundTrip() {
        for (String text : List.of("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
                "bafybeies5axj3hr5ylotqqrwqyerrfiqfvvu6ad33xll7iah677bi46rdy")) {
            assertEquals(text, Cid.parse(text).toString());
        }
        assertEquals(Cid.DAG_PB, Cid.parse("bafybeies5axj3hr5ylotqqrwqyerrfiqfvvu6ad33xll7iah677bi46rdy").codec());
    }

    @Test
    void badCidsAreRejectedWithAClearMessage() {
        var v0 = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"));
        assertTrue(v0.getMessage().contains("only CIDv1 in base32"), v0.getMessage());
        var bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Cid.parse("bafkrei!!"));
        assertTrue(bad.getMessage().contains("invalid base32 character '!'"), bad.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Cid.parse("bafkrei"));
    }

    static byte[] patterned(long size) {
        byte[] data = new byte[Math.toIntExact(size)];
        long state = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < data.length; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            data[i] = (byte) state;
        }
        return data;
    }

    record Tree(Cid root, Map<Cid, byte[]> blocks, List<Cid> order) {
    }

    static Tree importTree(byte[] data) throws IOException {
        Map<Cid, byte[]> blocks = new HashMap<>();
        List<Cid> order = new ArrayList<>();
        Cid root = new UnixFsImporter().importFrom(new ByteArrayInputStream(data), (cid, block, length) -> {
            assertTrue(cid.matches(block, 0, length), "block hashes to its CID");
            blocks.put(cid, java.util.Arrays.copyOf(block, length));
            order.add(cid);
        }).root();
        return new Tree(root, blocks, order);
    }

    private static long collect(Tree tree, Cid cid, ByteArrayOutputStream out) {
        byte[] block = tree.blocks.get(cid);
        if (cid.codec() == Cid.RAW) {
            out.writeBytes(block);
            return block.length;
        }
        DagPb.Node node = DagPb.decode(block);
        long tsize = block.length;
        for (int i = 0; i < node.links().size(); i++) {
            long child = collect(tree, node.links().get(i), out);
            assertEquals(child, node.tsizes().get(i), "Tsize of link " + i + " of " + cid);
            tsize += child;
        }
        return tsize;
    }
}
