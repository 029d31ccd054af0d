package io.cqt.refiner.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.rlp.RlpWriter;
import io.cqt.refiner.testing.SharedData;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The state root of every post-state in the official state tests (EEST fixtures carry the full post-state next to
 * its root {@code hash}): accounts, code hashes, storage tries and the world trie all have to be right.
 */
class StateRootTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every n-th fixture file in the quick run; the slow run takes them all. */
    private static final int SAMPLE_EVERY = 12;

    @TestFactory
    Stream<DynamicTest> sampleOfStateTestPostStates() throws IOException {
        return postStateTests(SAMPLE_EVERY);
    }

    @Tag("slow")
    @TestFactory
    Stream<DynamicTest> allStateTestPostStates() throws IOException {
        return postStateTests(1);
    }

    @Test
    void storageRootSkipsZeroValuesAndAccountsCarryTheirRoot() {
        Map<Hash, UInt256> slots = new HashMap<>();
        slots.put(Hash.wrap(UInt256.of(1).toBytes32()), UInt256.of(0x2a));
        Map<Hash, UInt256> withZero = new HashMap<>(slots);
        withZero.put(Hash.wrap(UInt256.of(2).toBytes32()), UInt256.ZERO);
        assertEquals(StateRoot.storageRoot(slots), StateRoot.storageRoot(withZero));
        assertEquals(MerklePatriciaTrie.EMPTY_ROOT, StateRoot.storageRoot(Map.of()));

        // The same root through the incremental secure trie: keccak(slot) -> rlp(minimal value).
        SecureTrie storage = new SecureTrie();
        storage.put(UInt256.of(1).toBytes32(), new RlpWriter().writeLong(0x2a).toByteArray());
        Hash storageRoot = storage.root();
        assertEquals(storageRoot, StateRoot.storageRoot(slots));

        Address a = Address.fromHex("0x00000000000000000000000000000000000000aa");
        StateRoot.Account bare = StateRoot.Account.of(1, UInt256.of(10));
        assertEquals(StateRoot.stateRoot(Map.of(a, bare.withStorageRoot(storageRoot))),
                StateRoot.stateRoot(Map.of(a, bare), Map.of(a, slots)));
        SecureTrie world = new SecureTrie();
        world.put(a.array(), new RlpWriter().startList().writeLong(1).writeLong(10).writeHash(storageRoot)
                .writeHash(Keccak256.EMPTY).endList().toByteArray());
        assertEquals(world.root(), StateRoot.stateRoot(Map.of(a, bare), Map.of(a, slots)));
    }

    @Test
    void storageWrittenOverStorageReadIsTheRootOfTheMergedSlots() {
        Map<UInt256, UInt256> before = Map.of(UInt256.of(1), UInt256.of(7), UInt256.of(2), UInt256.of(8),
                UInt256.of(3), UInt256.ZERO);
        Map<UInt256, UInt256> written = Map.of(UInt256.of(2), UInt256.ZERO, UInt256.of(4), UInt256.of(9));
        SecureTrie merged = new SecureTrie();
        merged.put(UInt256.of(1).toBytes32(), new RlpWriter().writeLong(7).toByteArray());
        merged.put(UInt256.of(4).toBytes32(), new RlpWriter().writeLong(9).toByteArray());
        assertEquals(merged.root(), StateRoot.storageRoot(before, written, false), "slot 2 zeroed, 4 added");
        SecureTrie onlyWritten = new SecureTrie();
        onlyWritten.put(UInt256.of(4).toBytes32(), new RlpWriter().writeLong(9).toByteArray());
        assertEquals(onlyWritten.root(), StateRoot.storageRoot(before, written, true), "cleared: the reads go");
        assertEquals(MerklePatriciaTrie.EMPTY_ROOT, StateRoot.storageRoot(Map.of(), Map.of(), false));
    }

    @Test
    void hashedKeysSharingTheirFirstFiveBytesStillSortByTheirWholeKey() {
        // keccak(247476) and keccak(515151) as 32-byte slots both begin 0x71bca44bf1 (found by a search of 2^19
        // slots): the leaves' primitive sort cannot tell them apart and the full keys must.
        byte[] a = Keccak256.hash(UInt256.of(247476).toBytes32());
        byte[] b = Keccak256.hash(UInt256.of(515151).toBytes32());
        assertEquals(Hex.encode(java.util.Arrays.copyOf(a, 5)), Hex.encode(java.util.Arrays.copyOf(b, 5)));
        SecureTrie expected = new SecureTrie();
        for (long slot : new long[] {247476, 515151, 1, 2}) {
            expected.put(UInt256.of(slot).toBytes32(), new RlpWriter().writeLong(slot + 1).toByteArray());
        }
        // Both orders of arrival, so one of them has the two in the wrong order before the full keys decide.
        for (long[] order : new long[][] {{247476, 515151, 1, 2}, {515151, 247476, 2, 1}}) {
            Map<UInt256, UInt256> slots = new java.util.LinkedHashMap<>();
            for (long slot : order) {
                slots.put(UInt256.of(slot), UInt256.of(slot + 1));
            }
            assertEquals(expected.root(), StateRoot.storageRoot(slots, Map.of(), false));
        }
    }

    private static Stream<DynamicTest> postStateTests(int every) throws IOException {
        Path root = SharedData.require("state-tests");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() > 100, "expected the state-test corpus under " + root);
        List<Path> chosen = new ArrayList<>();
        for (int i = 0; i < files.size(); i += every) {
            chosen.add(files.get(i));
        }
        return chosen.stream().map(file -> DynamicTest.dynamicTest(root.relativize(file).toString(),
                () -> checkFile(file)));
    }

    private static void checkFile(Path file) throws IOException {
        JsonNode cases = JSON.readTree(file.toFile());
        int checked = 0;
        for (Map.Entry<String, JsonNode> testCase : cases.properties()) {
            for (JsonNode fork : testCase.getValue().get("post")) {
                for (JsonNode post : fork) {
                    if (!post.has("state")) {
                        continue;
                    }
                    assertEquals(Hash.fromHex(post.get("hash").asText()), stateRoot(post.get("state")),
                            testCase.getKey());
                    checked++;
                }
            }
        }
        assertTrue(checked > 0, "no post state in " + file);
    }

    /** Nonces reach 2^64 - 1 in the EIP-2681 tests. */
    private static long unsigned64(UInt256 value) {
        assertEquals(0, value.u3() | value.u2() | value.u1(), "nonce wider than 64 bits");
        return value.u0();
    }

    private static Hash stateRoot(JsonNode state) {
        Map<Address, StateRoot.Account> accounts = new HashMap<>();
        Map<Address, Map<Hash, UInt256>> storage = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : state.properties()) {
            Address address = Address.fromHex(entry.getKey());
            JsonNode account = entry.getValue();
            byte[] code = Hex.decode(account.get("code").asText());
            accounts.put(address, new StateRoot.Account(
                    unsigned64(UInt256.fromHex(account.get("nonce").asText())),
                    UInt256.fromHex(account.get("balance").asText()),
                    MerklePatriciaTrie.EMPTY_ROOT,
                    Hash.wrap(Keccak256.hash(code))));
            Map<Hash, UInt256> slots = new HashMap<>();
            for (Map.Entry<String, JsonNode> slot : account.get("storage").properties()) {
                slots.put(Hash.wrap(UInt256.fromHex(slot.getKey()).toBytes32()),
                        UInt256.fromHex(slot.getValue().asText()));
            }
            storage.put(address, slots);
        }
        return StateRoot.stateRoot(accounts, storage);
    }
}
