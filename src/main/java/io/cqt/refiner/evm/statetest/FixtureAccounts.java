package io.cqt.refiner.evm.statetest;

import com.fasterxml.jackson.databind.JsonNode;
import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.state.AccountChange;
import io.cqt.refiner.evm.state.InMemoryWorld;
import io.cqt.refiner.trie.MerklePatriciaTrie;
import io.cqt.refiner.trie.StateRoot;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.Hex;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Complete world states as the official fixtures write them ({@code pre}, {@code post.state}, {@code postState}):
 * reading, applying a journal's changes, the state root, and a field-by-field diff. Shared by the state and
 * blockchain tests.
 */
public final class FixtureAccounts {
    private FixtureAccounts() {
    }

    /** Every account of a fixture's state object. */
    public static Map<Address, InMemoryWorld.Account> accounts(JsonNode state) {
        Map<Address, InMemoryWorld.Account> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = state.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(Address.fromHex(e.getKey()), account(e.getValue()));
        }
        return out;
    }

    /** The secure-trie root of complete accounts. */
    public static Hash stateRoot(Map<Address, InMemoryWorld.Account> post) {
        Map<Address, StateRoot.Account> accounts = new HashMap<>();
        Map<Address, Map<Hash, UInt256>> storage = new HashMap<>();
        for (Map.Entry<Address, InMemoryWorld.Account> e : post.entrySet()) {
            InMemoryWorld.Account a = e.getValue();
            accounts.put(e.getKey(), new StateRoot.Account(a.nonce(), a.balance(), MerklePatriciaTrie.EMPTY_ROOT,
                    Keccak256.of(a.code())));
            Map<Hash, UInt256> slots = new HashMap<>();
            a.storage().forEach((slot, value) -> slots.put(Hash.wrap(slot.toBytes32()), value));
            storage.put(e.getKey(), slots);
        }
        return StateRoot.stateRoot(accounts, storage);
    }

    /** The accounts after a transaction or block: the pre-state with the journal's changes applied. */
    public static Map<Address, InMemoryWorld.Account> after(Map<Address, InMemoryWorld.Account> pre,
                                                         List<AccountChange> changes) {
        Map<Address, InMemoryWorld.Account> actual = new HashMap<>(pre);
        for (AccountChange ch : changes) {
            if (!ch.exists()) {
                actual.remove(ch.address());
                continue;
            }
            InMemoryWorld.Account before = pre.get(ch.address());
            Map<UInt256, UInt256> storage = new HashMap<>(before == null || ch.storageCleared() ? Map.of()
                    : before.storage());
            storage.putAll(ch.storage());
            storage.values().removeIf(UInt256::isZero);
            actual.put(ch.address(), new InMemoryWorld.Account(ch.nonce(), ch.balance(), ch.code(), storage));
        }
        return actual;
    }

    /** Compares the post-state accounts with the case's expected {@code state} field by field, naming each diff. */
    public static String diff(Map<Address, InMemoryWorld.Account> actual, JsonNode expected) {
        List<String> problems = new ArrayList<>();
        TreeSet<Address> seen = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Address address = Address.fromHex(e.getKey());
            seen.add(address);
            InMemoryWorld.Account want = account(e.getValue());
            InMemoryWorld.Account got = actual.get(address);
            if (got == null) {
                problems.add(address + " missing");
                continue;
            }
            if (got.nonce() != want.nonce()) {
                problems.add(address + " nonce " + got.nonce() + " != " + want.nonce());
            }
            if (!got.balance().equals(want.balance())) {
                problems.add(address + " balance " + got.balance().toDecimalString() + " != "
                        + want.balance().toDecimalString());
            }
            if (!Arrays.equals(got.code(), want.code())) {
                problems.add(address + " code " + abbreviate(Hex.encode(got.code())) + " != "
                        + abbreviate(Hex.encode(want.code())));
            }
            if (!got.storage().equals(want.storage())) {
                problems.add(address + " storage " + new TreeMap<>(got.storage()) + " != "
                        + new TreeMap<>(want.storage()));
            }
        }
        for (Address address : actual.keySet()) {
            if (!seen.contains(address)) {
                problems.add(address + " should not exist");
            }
        }
        return String.join("; ", problems);
    }

    private static String abbreviate(String s) {
        return s.length() <= 42 ? s : s.substring(0, 40) + "…(" + (s.length() - 2) / 2 + " bytes)";
    }

    public static InMemoryWorld.Account account(JsonNode a) {
        Map<UInt256, UInt256> storage = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.path("storage").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> s = it.next();
            UInt256 v = UInt256.fromHex(s.getValue().asText());
            if (!v.isZero()) {
                storage.put(UInt256.fromHex(s.getKey()), v);
            }
        }
        return new InMemoryWorld.Account(unsignedLong(a.path("nonce")), quantity(a.path("balance")),
                Hex.decode(a.path("code").asText("0x")), storage);
    }

    public static UInt256 quantity(JsonNode n) {
        return UInt256.fromHex(n.asText());
    }

    /** A hex quantity of at most 64 bits, as an unsigned long. */
    public static long unsignedLong(JsonNode n) {
        UInt256 v = quantity(n);
        if ((v.u3() | v.u2() | v.u1()) != 0) {
            throw new ArithmeticException("more than 64 bits: " + n.asText());
        }
        return v.u0();
    }
}
