package io.cqt.refiner.evm.state;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * A complete world held in maps: the state tests' {@code pre} section, or any small hand-built state. Filled once
 * through {@link #put}, then read-only.
 */
public final class InMemoryWorld implements WorldView {
    /** The full pre-state of one account; {@code storage} holds non-zero slots. */
    public record Account(long nonce, UInt256 balance, byte[] code, Map<UInt256, UInt256> storage) {
        public Account {
            storage = Map.copyOf(storage);
        }
    }

    private final Map<Address, Account> accounts = new HashMap<>();
    private final Map<Hash, byte[]> codes = new HashMap<>();
    private final LongFunction<Hash> blockHashes;

    public InMemoryWorld(LongFunction<Hash> blockHashes) {
        this.blockHashes = blockHashes;
    }

    public InMemoryWorld put(Address address, Account account) {
        accounts.put(address, account);
        codes.put(Keccak256.of(account.code()), account.code());
        return this;
    }

    public Map<Address, Account> accounts() {
        return java.util.Collections.unmodifiableMap(accounts);
    }

    @Override
    public AccountInfo account(Address address) {
        Account a = accounts.get(address);
        if (a == null) {
            return null;
        }
        boolean hasStorage = a.storage().values().stream().anyMatch(v -> !v.isZero());
        return new AccountInfo(a.nonce(), a.balance(), Keccak256.of(a.code()), hasStorage);
    }

    @Override
    public byte[] knownCode(Hash codeHash) {
        return codes.get(codeHash);
    }

    @Override
    public byte[] code(Hash codeHash) {
        byte[] code = codes.get(codeHash);
        if (code == null) {
            throw new IllegalStateException("no code with hash " + codeHash + " in the in-memory world");
        }
        return code;
    }

    @Override
    public UInt256 storage(Address address, UInt256 slot) {
        Account a = accounts.get(address);
        UInt256 v = a == null ? null : a.storage().get(slot);
        return v != null ? v : UInt256.ZERO;
    }

    @Override
    public Hash blockHash(long number) {
        return blockHashes.apply(number);
    }
}
