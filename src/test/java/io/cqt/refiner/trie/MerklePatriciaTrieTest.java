package io.cqt.refiner.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MerklePatriciaTrieTest {

    private static byte[] s(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Hash h(String hex) {
        return Hash.fromHex(hex);
    }

    // Known roots from the Ethereum wiki's Patricia-tree article and the clients' trie tests, typed in as facts.

    @Test
    void emptyRoot() {
        assertEquals(h("56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),
                new MerklePatriciaTrie().root());
        assertEquals(Hash.wrap(Keccak256.hash(new byte[] {(byte) 0x80})), MerklePatriciaTrie.EMPTY_ROOT);
        assertEquals(MerklePatriciaTrie.EMPTY_ROOT, OrderedTrie.root(List.of()));
        assertTrue(new MerklePatriciaTrie().isEmpty());
    }

    @Test
    void singleKey() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        trie.put(s("A"), s("a".repeat(50)));
        assertEquals(h("d23786fb4a010da3ce639d66d5e904a11dbc02746d1ce25029e53290cabf28ab"), trie.root());
    }

    @Test
    void doeDogDogglesworth() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        trie.put(s("doe"), s("reindeer"));
        trie.put(s("dog"), s("puppy"));
        trie.put(s("dogglesworth"), s("cat"));
        assertEquals(h("8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3"), trie.root());
        assertArrayEquals(s("puppy"), trie.get(s("dog")));
        assertArrayEquals(s("cat"), trie.get(s("dogglesworth")));
        assertNull(trie.get(s("unknown")));
        assertNull(trie.get(s("do")));
        assertNull(trie.get(s("doggles")));
    }

    @Test
    void secureDoeDogDogglesworth() {
        SecureTrie trie = new SecureTrie();
        trie.put(s("doe"), s("reindeer"));
        trie.put(s("dog"), s("puppy"));
        trie.put(s("dogglesworth"), s("cat"));
        assertEquals(h("d4cd937e4a4368d7931a9cf51686b7e10abb3dce38a39000fd7902a092b64585"), trie.root());
        assertArrayEquals(s("reindeer"), trie.get(s("doe")));
    }

    @Test
    void doDogDogeHorseStepByStepAndDeleteRestores() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        trie.put(s("do"), s("verb"));
        assertEquals(h("014f07ed95e2e028804d915e0dbd4ed451e394e1acfd29e463c11a060b2ddef7"), trie.root());
        trie.put(s("dog"), s("puppy"));
        assertEquals(h("779db3986dd4f38416bfde49750ef7b13c6ecb3e2221620bcad9267e94604d36"), trie.root());
        trie.put(s("doge"), s("coin"));
        Hash beforeHorse = h("ef7b2fe20f5d2c30c46ad4d83c39811bcbf1721aef2e805c0e107947320888b6");
        assertEquals(beforeHorse, trie.root());
        trie.put(s("horse"), s("stallion"));
        assertEquals(h("5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84"), trie.root());
        trie.remove(s("horse"));
        assertEquals(beforeHorse, trie.root());
    }

    @Test
    void deletesAndEmptyValues() {
        String[][] steps = {{"do", "verb"}, {"ether", "wookiedoo"}, {"horse", "stallion"}, {"shaman", "horse"},
            {"doge", "coin"}, {"ether", ""}, {"dog", "puppy"}, {"shaman", ""}};
        MerklePatriciaTrie byRemove = new MerklePatriciaTrie();
        MerklePatriciaTrie byEmpty = new MerklePatriciaTrie();
        for (String[] step : steps) {
            if (step[1].isEmpty()) {
                byRemove.remove(s(step[0]));
            } else {
                byRemove.put(s(step[0]), s(step[1]));
            }
            byEmpty.put(s(step[0]), s(step[1]));
        }
        Hash expected = h("5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84");
        assertEquals(expected, byRemove.root());
        assertEquals(expected, byEmpty.root());
    }

    @Test
    void removingEverythingGivesTheEmptyRoot() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        trie.put(s("doe"), s("reindeer"));
        trie.put(s("dog"), s("puppy"));
        trie.remove(s("cat"));
        trie.remove(s("doe"));
        trie.remove(s("dog"));
        assertEquals(MerklePatriciaTrie.EMPTY_ROOT, trie.root());
        assertTrue(trie.isEmpty());
    }

    // Hex-prefix examples from the Ethereum wiki's Patricia-tree article.

    @Test
    void compactEncoding() {
        assertEquals("0x112345", Hex.encode(CompactEncoding.encode(new byte[] {1, 2, 3, 4, 5}, 0, 5, false)));
        assertEquals("0x00012345",
                Hex.encode(CompactEncoding.encode(new byte[] {0, 1, 2, 3, 4, 5}, 0, 6, false)));
        assertEquals("0x200f1cb8",
                Hex.encode(CompactEncoding.encode(new byte[] {0, 0xf, 1, 0xc, 0xb, 8}, 0, 6, true)));
        assertEquals("0x3f1cb8", Hex.encode(CompactEncoding.encode(new byte[] {0xf, 1, 0xc, 0xb, 8}, 0, 5, true)));
        assertEquals("0x20", Hex.encode(CompactEncoding.encode(new byte[0], 0, 0, true)));
        CompactEncoding.Path path = CompactEncoding.decode(Hex.decode("3f1cb8"));
        assertArrayEquals(new byte[] {0xf, 1, 0xc, 0xb, 8}, path.nibbles());
        assertTrue(path.leaf());
        assertFalse(CompactEncoding.decode(Hex.decode("00012345")).leaf());
        assertThrows(IllegalArgumentException.class, () -> CompactEncoding.decode(Hex.decode("4f")));
        assertThrows(IllegalArgumentException.class, () -> CompactEncoding.decode(Hex.decode("0f")));
    }

    @Test
    void compactEncodingOfPackedKeyRangesMatchesNibbleArrays() {
        Random random = new Random(3);
        for (int i = 0; i < 500; i++) {
            byte[] key = new byte[random.nextInt(8)];
            random.nextBytes(key);
            byte[] nibbles = CompactEncoding.toNibbles(key);
            int from = random.nextInt(nibbles.length + 1);
            int to = from + random.nextInt(nibbles.length - from + 1);
            boolean leaf = random.nextBoolean();
            byte[] encoded = CompactEncoding.encodeKeyRange(key, from, to, leaf);
            assertArrayEquals(CompactEncoding.encode(nibbles, from, to, leaf), encoded);
            CompactEncoding.Path decoded = CompactEncoding.decode(encoded);
            assertArrayEquals(Arrays.copyOfRange(nibbles, from, to), decoded.nibbles());
            assertEquals(leaf, decoded.leaf());
        }
    }

    // Properties over random key sets, including keys that are prefixes of others (branch values).

    @Test
    void insertOrderDoesNotMatterAndMatchesTheSortedBuilder() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            TreeMap<String, byte[]> entries = randomEntries(random);
            List<String> order = new ArrayList<>(entries.keySet());
            Hash expected = sortedRoot(entries);
            for (int shuffle = 0; shuffle < 3; shuffle++) {
                Collections.shuffle(order, random);
                MerklePatriciaTrie trie = new MerklePatriciaTrie();
                for (String key : order) {
                    trie.put(Hex.decode(key), entries.get(key));
                    if (random.nextInt(4) == 0) {
                        trie.root(); // computing roots in between must not change the final one
                    }
                }
                assertEquals(expected, trie.root(), "round " + round);
                for (String key : order) {
                    assertArrayEquals(entries.get(key), trie.get(Hex.decode(key)));
                }
            }
        }
    }

    @Test
    void deleteRestoresThePreviousRoot() {
        Random random = new Random(12);
        for (int round = 0; round < 300; round++) {
            TreeMap<String, byte[]> entries = randomEntries(random);
            MerklePatriciaTrie trie = new MerklePatriciaTrie();
            entries.forEach((k, v) -> trie.put(Hex.decode(k), v));
            Hash before = trie.root();
            byte[] extra = randomKey(random);
            if (entries.containsKey(Hex.encode(extra))) {
                continue;
            }
            trie.put(extra, new byte[] {1, 2, 3});
            trie.root();
            trie.remove(extra);
            assertEquals(before, trie.root(), "round " + round);

            // Removing the keys one by one goes through the roots of the smaller sets.
            List<String> order = new ArrayList<>(entries.keySet());
            Collections.shuffle(order, random);
            for (String key : order) {
                trie.remove(Hex.decode(key));
                entries.remove(key);
                assertEquals(sortedRoot(entries), trie.root(), "round " + round + " after removing " + key);
            }
            assertTrue(trie.isEmpty());
        }
    }

    @Test
    void orderedTrieMatchesRlpIndexKeys() {
        Random random = new Random(13);
        RlpWriter writer = new RlpWriter();
        for (int n : new int[] {1, 2, 3, 16, 127, 128, 129, 200, 256, 300}) {
            List<byte[]> items = new ArrayList<>();
            MerklePatriciaTrie trie = new MerklePatriciaTrie();
            for (int i = 0; i < n; i++) {
                byte[] item = new byte[1 + random.nextInt(random.nextBoolean() ? 10 : 120)];
                random.nextBytes(item);
                items.add(item);
                trie.put(writer.reset().writeLong(i).toByteArray(), item);
            }
            assertEquals(trie.root(), OrderedTrie.root(items), "n = " + n);
        }
    }

    @Test
    void sortedBuilderRejectsUnsortedKeysAndEmptyValues() {
        byte[][] values = {{1}, {2}};
        assertThrows(IllegalArgumentException.class,
                () -> SortedTrieBuilder.root(new byte[][] {{2}, {1}}, values));
        assertThrows(IllegalArgumentException.class,
                () -> SortedTrieBuilder.root(new byte[][] {{1}, {1}}, values));
        assertThrows(IllegalArgumentException.class,
                () -> SortedTrieBuilder.root(new byte[][] {{1}, {2}}, new byte[][] {{1}, {}}));
    }

    private static Hash sortedRoot(TreeMap<String, byte[]> entries) {
        // Hex strings of equal-width bytes sort like the bytes, and a prefix sorts first, as unsigned bytes do.
        byte[][] keys = new byte[entries.size()][];
        byte[][] values = new byte[entries.size()][];
        int i = 0;
        for (var entry : entries.entrySet()) {
            keys[i] = Hex.decode(entry.getKey());
            values[i++] = entry.getValue();
        }
        return SortedTrieBuilder.root(keys, values);
    }

    private static TreeMap<String, byte[]> randomEntries(Random random) {
        TreeMap<String, byte[]> entries = new TreeMap<>();
        int size = random.nextInt(random.nextBoolean() ? 6 : 60);
        for (int i = 0; i < size; i++) {
            byte[] value = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 50)];
            random.nextBytes(value);
            entries.put(Hex.encode(randomKey(random)), value);
        }
        return entries;
    }

    /** Short keys over a small alphabet, so that shared prefixes and prefix keys are common. */
    private static byte[] randomKey(Random random) {
        byte[] key = new byte[random.nextInt(5)];
        for (int j = 0; j < key.length; j++) {
            key[j] = (byte) (random.nextInt(3) * 0x11 + (random.nextBoolean() ? 0x10 : 0));
        }
        return key;
    }
}
