package io.cqt.refiner.evm.block;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.state.AccountInfo;
import io.cqt.refiner.evm.state.WorldView;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.specimen.SpecimenException;
import io.cqt.refiner.specimen.StateReads;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pre-state a specimen recorded, as a {@link WorldView}: accounts by address, code by code hash (each code
 * checked against its hash when the world is built), storage by (address, slot), ancestor block hashes by number.
 * A read the specimen does not hold is answered as the reference evm-server answers it (a missing account is
 * absent, a missing slot zero, a missing block hash unknown) and recorded, so a verification failure can name it.
 *
 * <p>Known loss 1 (specimen-format.md): the producer does not record code read only for its size. An account whose
 * code hash has no code entry gets {@link #UNKNOWN_CODE}, one INVALID byte: EXTCODESIZE then answers non-zero
 * (reconstructing the {@code isContract} checks mainnet saw), EXTCODEHASH stays exact (the account's hash), and
 * running it fails loudly rather than passing as an empty account. Each such account is listed in
 * {@link #reconstructedCode()}. Not thread-safe: one instance per block execution.
 */
public final class SpecimenWorld implements WorldView {
    /** The stand-in for code whose bytes the specimen lost; only its size (non-zero) is meaningful. */
    static final byte[] UNKNOWN_CODE = {(byte) 0xfe};

    // The pre-state: filled by the constructor, never changed after it (so a world made by again() shares it).
    private final Map<Address, AccountInfo> accounts;
    private final Map<Hash, byte[]> codes;
    // The checked code as the code cache holds it (so analysed once for many blocks), by hash; empty without a cache.
    private final Map<Hash, Code> prepared;
    private final Map<Address, Map<UInt256, UInt256>> storage;
    private final Map<Long, Hash> blockHashes;
    private final Map<Hash, Address> ownerOfCode;
    private final Set<String> missingReads = new LinkedHashSet<>();
    private final Set<Address> reconstructedCode = new LinkedHashSet<>();
    private final boolean reconstruct;

    /**
     * @param header the block's header: its parent hash answers BLOCKHASH(number - 1) when the specimen did not record it
     * @throws SpecimenException when a code entry does not hash to its key
     */
    public SpecimenWorld(StateReads reads, Header header) {
        this(reads, header, true);
    }

    /**
     * @param reconstruct false answers lost code as empty (size 0) and drops the storage rows of accounts missing from
     *                    the account reads, as the reference evm-server does
     */
    public SpecimenWorld(StateReads reads, Header header, boolean reconstruct) {
        this(reads, header, reconstruct, null);
    }

    /**
     * @param verified code already checked against its hash (by earlier blocks), so equal bytes need no Keccak here;
     *                 this world's checked code is added to it. May be null.
     */
    public SpecimenWorld(StateReads reads, Header header, boolean reconstruct, CodeCache verified) {
        this.reconstruct = reconstruct;
        this.accounts = new HashMap<>();
        this.codes = new HashMap<>();
        this.prepared = new HashMap<>();
        this.storage = new HashMap<>();
        this.blockHashes = new HashMap<>();
        this.ownerOfCode = new HashMap<>();
        for (StateReads.CodeRead c : reads.codeReads()) {
            byte[] code = c.code().array();
            Code cached = verified == null ? null : verified.cached(c.hash(), code);
            if (cached == null) {
                Hash actual = Keccak256.of(code);
                if (!actual.equals(c.hash())) {
                    throw new SpecimenException("State.CodeRead " + c.hash() + " holds code hashing to " + actual);
                }
                if (verified != null) {
                    cached = verified.addVerified(c.hash(), code);
                }
            }
            codes.put(c.hash(), code);
            if (cached != null) {
                prepared.put(c.hash(), cached);
            }
        }
        Set<Address> readAccounts = new HashSet<>();
        for (StateReads.AccountRead a : reads.accountReads()) {
            readAccounts.add(a.address());
        }
        for (StateReads.StorageRead s : reads.storageReads()) {
            // The reference builds its pre-state from the account reads: storage of an unread account is dropped.
            if (!reconstruct && !readAccounts.contains(s.account())) {
                continue;
            }
            storage.computeIfAbsent(s.account(), a -> new HashMap<>())
                    .put(UInt256.fromBytes(s.slotKey().array()), UInt256.fromBytes(s.value().array()));
        }
        for (StateReads.AccountRead a : reads.accountReads()) {
            Map<UInt256, UInt256> slots = storage.getOrDefault(a.address(), Map.of());
            boolean hasStorage = slots.values().stream().anyMatch(v -> !v.isZero());
            accounts.put(a.address(), new AccountInfo(a.nonce(), a.balance(), a.codeHash(), hasStorage));
            ownerOfCode.putIfAbsent(a.codeHash(), a.address());
        }
        if (header.number() > 0) {
            blockHashes.put(header.number() - 1, header.parentHash());
        }
        for (StateReads.BlockhashRead b : reads.blockhashReads()) {
            blockHashes.put(b.blockNumber(), b.blockHash());
        }
    }

    private SpecimenWorld(SpecimenWorld built) {
        this.reconstruct = built.reconstruct;
        this.accounts = built.accounts;
        this.codes = built.codes;
        this.prepared = built.prepared;
        this.storage = built.storage;
        this.blockHashes = built.blockHashes;
        this.ownerOfCode = built.ownerOfCode;
    }

    /** A world over the same pre-state with nothing recorded yet, for another execution of the same block. */
    public SpecimenWorld again() {
        return new SpecimenWorld(this);
    }

    @Override
    public AccountInfo account(Address address) {
        AccountInfo info = accounts.get(address);
        if (info == null) {
            missingReads.add("account " + address);
        }
        return info;
    }

    @Override
    public byte[] code(Hash codeHash) {
        if (codeHash.equals(Keccak256.EMPTY)) {
            return new byte[0];
        }
        byte[] code = codes.get(codeHash);
        if (code != null) {
            return code;
        }
        Address owner = ownerOfCode.get(codeHash);
        missingReads.add("code " + codeHash + (owner == null ? "" : " of " + owner));
        if (!reconstruct) {
            return new byte[0];
        }
        if (owner != null) {
            reconstructedCode.add(owner);
        }
        return UNKNOWN_CODE;
    }

    @Override
    public Code preparedCode(Hash codeHash) {
        return prepared.get(codeHash);
    }

    @Override
    public byte[] knownCode(Hash codeHash) {
        return codeHash.equals(Keccak256.EMPTY) ? new byte[0] : codes.get(codeHash);
    }

    @Override
    public UInt256 storage(Address address, UInt256 slot) {
        Map<UInt256, UInt256> slots = storage.get(address);
        UInt256 value = slots == null ? null : slots.get(slot);
        if (value == null) {
            missingReads.add("storage " + address + " slot " + slot.toHexQuantity());
            return UInt256.ZERO;
        }
        return value;
    }

    @Override
    public Hash blockHash(long number) {
        Hash hash = blockHashes.get(number);
        if (hash == null) {
            missingReads.add("block hash " + number);
        }
        return hash;
    }

    /** The specimen's accounts, for the partial post-state. */
    public Map<Address, AccountInfo> accounts() {
        return Collections.unmodifiableMap(accounts);
    }

    /** The known storage of an account (zero values included as recorded). */
    public Map<UInt256, UInt256> storageOf(Address address) {
        return Collections.unmodifiableMap(storage.getOrDefault(address, Map.of()));
    }

    /** Whether the specimen holds the code with this hash. */
    public boolean hasCode(Hash codeHash) {
        return codeHash.equals(Keccak256.EMPTY) || codes.containsKey(codeHash);
    }

    /** Every read the specimen could not answer, in the order first made ("account 0x…", "storage 0x… slot 0x…"). */
    public List<String> missingReads() {
        return new ArrayList<>(missingReads);
    }

    /** Accounts whose code the specimen lost and whose size was reconstructed as non-zero (known loss 1). */
    public List<Address> reconstructedCode() {
        return new ArrayList<>(reconstructedCode);
    }
}
