package io.cqt.refiner.evm.state;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.evm.code.CodeCache;
import io.cqt.refiner.evm.trace.AccountDiff;
import io.cqt.refiner.evm.trace.AccountSnapshot;
import io.cqt.refiner.evm.trace.Tracer;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The mutable world state of one block's execution over a read-only {@link WorldView}. Every change within a
 * transaction is journaled, so a call frame can {@link #checkpoint()} and {@link #revert(int)}; committing a frame is
 * just dropping its checkpoint. Covers balances, nonces, code, storage, transient storage (EIP-1153), the EIP-2929
 * warm sets, the refund counter, logs, selfdestructs, accounts created in this transaction (EIP-6780) and touched
 * accounts (EIP-161). Not thread-safe: one instance per executing block.
 */
public final class JournaledState {
    // What each journal entry undoes, and what it holds: an account's scalar fields before a change (the account,
    // its balance, code hash, code and nonce; whether it existed is the kind), a slot's value before a write, a
    // slot or address made warm, an address added to a set, the refund counter before a change, a log, a transient
    // slot's value before a write (null: none).
    private static final byte ACCOUNT_EXISTED = 0;
    private static final byte ACCOUNT_ABSENT = 1;
    private static final byte SLOT_VALUE = 2;
    private static final byte WARM_SLOT = 3;
    private static final byte WARM_ADDRESS = 4;
    private static final byte CREATED = 5;
    private static final byte TOUCHED = 6;
    private static final byte SELFDESTRUCTED = 7;
    private static final byte REFUND = 8;
    private static final byte LOG = 9;
    private static final byte TRANSIENT_VALUE = 10;

    private static final Predicate<Address> NOTHING = address -> false;

    private final WorldView world;
    private final CodeCache codeCache;
    private final Map<Address, Account> accounts = new LinkedHashMap<>();
    private final Journal journal = new Journal();
    private final Set<Address> warmAddresses = new HashSet<>();
    private Predicate<Address> warmThroughTransaction = NOTHING;
    private final Map<SlotKey, UInt256> transientStorage = new HashMap<>();
    private final List<Log> logs = new ArrayList<>();
    private final Set<Address> selfdestructs = new LinkedHashSet<>();
    private final Set<Address> created = new HashSet<>();
    private final Set<Address> touched = new LinkedHashSet<>();
    private long refund;
    // Numbers the block's transactions: a slot is warm, or holds its transaction-start value, for the transaction
    // whose number it records, so ending a transaction forgets both without visiting any slot.
    private int transaction = 1;
    // The slot most recently looked up: SSTORE asks for the same key four times.
    private StorageSlot lastSlot;
    private Account lastSlotAccount;
    // The account most recently looked up: a frame's SLOAD/SSTORE run hit the same one again and again. Accounts are
    // never removed from the map (deletion resets their fields), so this never goes stale.
    private Account lastAccount;

    public JournaledState(WorldView world, CodeCache codeCache) {
        this.world = world;
        this.codeCache = codeCache;
    }

    // ---------------------------------------------------------------- accounts

    public boolean exists(Address address) {
        return account(address).exists;
    }

    /** EIP-161 emptiness: no nonce, no balance, no code (a missing account is empty too). */
    public boolean isEmpty(Address address) {
        Account a = account(address);
        return !a.exists || (a.nonce == 0 && a.balance.isZero() && a.codeHash.equals(Keccak256.EMPTY));
    }

    public long nonce(Address address) {
        return account(address).nonce;
    }

    public void setNonce(Address address, long nonce) {
        Account a = account(address);
        journalAccount(a);
        a.nonce = nonce;
        a.exists = true;
    }

    public UInt256 balance(Address address) {
        return account(address).balance;
    }

    /** Adds to a balance; touches the account (EIP-161) even for zero. */
    public void addBalance(Address address, UInt256 amount) {
        Account a = account(address);
        journalAccount(a);
        a.balance = Amounts.add(a.balance, amount);
        a.exists = true;
        touch(address);
    }

    /** Subtracts from a balance the caller has checked covers it; touches the account. */
    public void subBalance(Address address, UInt256 amount) {
        Account a = account(address);
        journalAccount(a);
        a.balance = Amounts.sub(a.balance, amount);
        a.exists = true;
        touch(address);
    }

    /** Moves {@code value} between accounts; false (and no change) when the sender's balance is short. */
    public boolean transfer(Address from, Address to, UInt256 value) {
        if (balance(from).compareTo(value) < 0) {
            return false;
        }
        subBalance(from, value);
        addBalance(to, value);
        return true;
    }

    public Hash codeHash(Address address) {
        return account(address).codeHash;
    }

    public Code code(Address address) {
        Account a = account(address);
        if (a.code == null) {
            Hash hash = a.codeHash;
            Code prepared = world.preparedCode(hash);
            if (prepared != null) {
                a.code = prepared;
            } else if (hash.equals(Keccak256.EMPTY)) {
                a.code = Code.EMPTY;
            } else {
                byte[] bytes = world.code(hash); // asked: the world records what it could not answer
                a.code = codeCache != null ? codeCache.get(hash, bytes) : Code.of(bytes, hash);
            }
        }
        return a.code;
    }

    public void setCode(Address address, byte[] code) {
        Account a = account(address);
        journalAccount(a);
        a.code = Code.of(code);
        a.codeHash = a.code.hash();
        a.exists = true;
    }

    /** True when the address is taken for CREATE (EIP-684, EIP-7610): a nonce, code or storage. */
    public boolean hasCollision(Address address) {
        Account a = account(address);
        return a.nonce != 0 || !a.codeHash.equals(Keccak256.EMPTY) || (!a.storageCleared && a.hasStorage)
                || a.hasNonZeroSlot();
    }

    /** Marks a new contract account at this address (nonce 1, EIP-161) as created in this transaction. */
    public void createAccount(Address address) {
        Account a = account(address);
        journalAccount(a);
        a.exists = true;
        a.nonce = 1;
        if (created.add(address)) {
            journal.add(CREATED, address);
        }
        touch(address);
    }

    public boolean createdInThisTx(Address address) {
        return created.contains(address);
    }

    public void touch(Address address) {
        if (touched.add(address)) {
            journal.add(TOUCHED, address);
        }
    }

    /** Schedules the account for deletion at the end of the transaction. */
    public void selfdestruct(Address address) {
        if (selfdestructs.add(address)) {
            journal.add(SELFDESTRUCTED, address);
        }
    }

    /** An ancestor's hash from the world view, or null when unknown. */
    public Hash blockHash(long number) {
        return world.blockHash(number);
    }

    // ---------------------------------------------------------------- storage

    public UInt256 storage(Address address, UInt256 slot) {
        Account a = account(address);
        return loaded(a, slot(a, slot)).value;
    }

    /** {@link #storage(Address, UInt256)} with the key read from a stack word, limbs {@code s[at..at+3]}. */
    public UInt256 storage(Address address, long[] s, int at) {
        Account a = account(address);
        return loaded(a, slot(a, s, at)).value;
    }

    /** The slot's value at the start of this transaction (EIP-2200's "original value"). */
    public UInt256 originalStorage(Address address, UInt256 slot) {
        Account a = account(address);
        return original(loaded(a, slot(a, slot)));
    }

    /** {@link #originalStorage(Address, UInt256)} with the key read from a stack word. */
    public UInt256 originalStorage(Address address, long[] s, int at) {
        Account a = account(address);
        return original(loaded(a, slot(a, s, at)));
    }

    private UInt256 original(StorageSlot s) {
        return s.originalIn == transaction ? s.original : s.value;
    }

    public void setStorage(Address address, UInt256 slot, UInt256 value) {
        Account a = account(address);
        store(loaded(a, slot(a, slot)), value);
    }

    /** {@link #setStorage(Address, UInt256, UInt256)} with the key read from a stack word. */
    public void setStorage(Address address, long[] s, int at, UInt256 value) {
        Account a = account(address);
        store(loaded(a, slot(a, s, at)), value);
    }

    private void store(StorageSlot s, UInt256 value) {
        UInt256 previous = s.value;
        if (s.originalIn != transaction) { // the first write of the transaction keeps its original value
            s.original = previous;
            s.originalIn = transaction;
        }
        journal.add(SLOT_VALUE, s, previous);
        s.value = value;
    }

    public UInt256 transientStorage(Address address, UInt256 slot) {
        UInt256 v = transientStorage.get(new SlotKey(address, slot));
        return v != null ? v : UInt256.ZERO;
    }

    public void setTransientStorage(Address address, UInt256 slot, UInt256 value) {
        SlotKey key = new SlotKey(address, slot);
        UInt256 previous = transientStorage.put(key, value);
        journal.add(TRANSIENT_VALUE, key, previous);
    }

    // ---------------------------------------------------------------- EIP-2929 access sets

    /** Warms the address; true when it was cold. */
    public boolean warmAddress(Address address) {
        if (!warmThroughTransaction.test(address) && warmAddresses.add(address)) {
            journal.add(WARM_ADDRESS, address);
            return true;
        }
        return false;
    }

    /**
     * Counts the addresses {@code warm} accepts as warm until the transaction ends, without journaling them: EIP-2929's
     * precompiles, one test in place of a set entry and a journal entry per precompile per transaction.
     */
    public void warmThroughTransaction(Predicate<Address> warm) {
        warmThroughTransaction = warm;
    }

    /** Warms the slot; true when it was cold. */
    public boolean warmSlot(Address address, UInt256 slot) {
        Account a = account(address);
        return warm(slot(a, slot));
    }

    /** {@link #warmSlot(Address, UInt256)} with the key read from a stack word. */
    public boolean warmSlot(Address address, long[] s, int at) {
        Account a = account(address);
        return warm(slot(a, s, at));
    }

    private boolean warm(StorageSlot s) {
        if (s.warmIn != transaction) {
            s.warmIn = transaction;
            journal.add(WARM_SLOT, s);
            return true;
        }
        return false;
    }

    /** The slot's entry, made without reading the world: warming a slot (an access list) is not reading it. */
    private StorageSlot slot(Account a, UInt256 key) {
        return slot(a, key.u3(), key.u2(), key.u1(), key.u0());
    }

    private StorageSlot slot(Account a, long[] s, int at) {
        return slot(a, s[at], s[at + 1], s[at + 2], s[at + 3]);
    }

    private StorageSlot slot(Account a, long k3, long k2, long k1, long k0) {
        StorageSlot last = lastSlot;
        if (a == lastSlotAccount && last.is(k3, k2, k1, k0)) {
            return last;
        }
        StorageSlot s = a.storage.get(k3, k2, k1, k0);
        if (s == null) {
            s = new StorageSlot(k3, k2, k1, k0);
            a.storage.add(s);
        }
        lastSlot = s;
        lastSlotAccount = a;
        return s;
    }

    /** The slot's entry with its value read from the world on first use. */
    private StorageSlot loaded(Account a, StorageSlot s) {
        if (s.value == null) {
            s.value = a.storageCleared || !a.existedBefore ? UInt256.ZERO : world.storage(a.address, s.key());
            s.original = s.value;
            s.originalIn = transaction;
        }
        return s;
    }

    // ---------------------------------------------------------------- refunds and logs

    public long refund() {
        return refund;
    }

    public void addRefund(long delta) {
        long previous = refund;
        journal.add(REFUND, null, null, null, null, previous);
        refund += delta;
    }

    public void addLog(Log log) {
        logs.add(log);
        journal.add(LOG, null);
    }

    /** How many logs the current transaction has emitted and kept so far. */
    public int logCount() {
        return logs.size();
    }

    /** The logs of the current transaction, in order. */
    public List<Log> logs() {
        return List.copyOf(logs);
    }

    // ---------------------------------------------------------------- journal

    public int checkpoint() {
        return journal.size();
    }

    /** Undoes every change made since the checkpoint. */
    public void revert(int checkpoint) {
        for (int i = journal.size() - 1; i >= checkpoint; i--) {
            undo(i);
        }
        journal.truncate(checkpoint);
    }

    private void journalAccount(Account a) {
        journal.add(a.exists ? ACCOUNT_EXISTED : ACCOUNT_ABSENT, a, a.balance, a.codeHash, a.code, a.nonce);
    }

    private void undo(int i) {
        byte kind = journal.kind(i);
        switch (kind) {
            case ACCOUNT_EXISTED, ACCOUNT_ABSENT -> {
                Account a = (Account) journal.first(i);
                a.exists = kind == ACCOUNT_EXISTED;
                a.balance = (UInt256) journal.second(i);
                a.codeHash = (Hash) journal.third(i);
                a.code = (Code) journal.fourth(i);
                a.nonce = journal.number(i);
            }
            case SLOT_VALUE -> ((StorageSlot) journal.first(i)).value = (UInt256) journal.second(i);
            case WARM_SLOT -> ((StorageSlot) journal.first(i)).warmIn = 0;
            case WARM_ADDRESS -> warmAddresses.remove((Address) journal.first(i));
            case CREATED -> created.remove((Address) journal.first(i));
            case TOUCHED -> touched.remove((Address) journal.first(i));
            case SELFDESTRUCTED -> selfdestructs.remove((Address) journal.first(i));
            case REFUND -> refund = journal.number(i);
            case LOG -> logs.remove(logs.size() - 1);
            case TRANSIENT_VALUE -> {
                SlotKey key = (SlotKey) journal.first(i);
                UInt256 previous = (UInt256) journal.second(i);
                if (previous == null) {
                    transientStorage.remove(key);
                } else {
                    transientStorage.put(key, previous);
                }
            }
            default -> throw new IllegalStateException("journal entry of unknown kind " + kind);
        }
    }

    /**
     * Ends a transaction: deletes the selfdestructed accounts and, when {@code deleteTouchedEmpty} (EIP-161), every
     * touched account that is empty; then forgets the transaction-scoped sets and the journal.
     */
    public void endTransaction(boolean deleteTouchedEmpty) {
        endTransaction(deleteTouchedEmpty, null);
    }

    /** As {@link #endTransaction(boolean)}, telling {@code tracer} (when not null) what the transaction changed. */
    public void endTransaction(boolean deleteTouchedEmpty, Tracer tracer) {
        for (Address address : selfdestructs) {
            account(address).delete();
        }
        if (deleteTouchedEmpty) {
            for (Address address : touched) {
                if (isEmpty(address)) {
                    account(address).delete();
                }
            }
        }
        if (tracer != null && tracer.wantsStateChanges()) {
            tracer.onStateChanges(transactionChanges());
        }
        transaction++;
        lastSlot = null;
        lastSlotAccount = null;
        journal.truncate(0);
        warmAddresses.clear();
        warmThroughTransaction = NOTHING;
        transientStorage.clear();
        logs.clear();
        selfdestructs.clear();
        created.clear();
        touched.clear();
        refund = 0;
    }

    /**
     * The accounts the current transaction changed, before and after, from the journal: an account's first undo
     * record holds its fields before the transaction (a revert restores exactly, so a later first record does too),
     * and each slot its transaction-start value. Only for tracing: it walks the journal and every loaded account.
     */
    private List<AccountDiff> transactionChanges() {
        Map<Address, Integer> before = new LinkedHashMap<>(); // the account's first entry
        for (int i = 0; i < journal.size(); i++) {
            byte kind = journal.kind(i);
            if (kind == ACCOUNT_EXISTED || kind == ACCOUNT_ABSENT) {
                before.putIfAbsent(((Account) journal.first(i)).address, i);
            }
        }
        List<AccountDiff> out = new ArrayList<>();
        for (Account a : accounts.values()) {
            Integer first = before.get(a.address);
            Map<UInt256, UInt256> preSlots = new HashMap<>();
            Map<UInt256, UInt256> postSlots = new HashMap<>();
            boolean[] changed = {false};
            a.storage.forEach(slot -> {
                if (slot.value == null || slot.originalIn != transaction) {
                    return; // neither read from the world nor written in this transaction
                }
                preSlots.put(slot.key(), slot.original);
                postSlots.put(slot.key(), slot.value);
                changed[0] |= !slot.value.equals(slot.original);
            });
            boolean slotChanged = changed[0];
            if (first == null && !slotChanged) {
                continue;
            }
            AccountSnapshot post = new AccountSnapshot(a.exists, a.nonce, a.balance, a.codeHash,
                    knownCode(a.codeHash, a.code));
            AccountSnapshot pre = first == null ? post
                    : new AccountSnapshot(journal.kind(first) == ACCOUNT_EXISTED, journal.number(first),
                            (UInt256) journal.second(first), (Hash) journal.third(first),
                            knownCode((Hash) journal.third(first), (Code) journal.fourth(first)));
            out.add(new AccountDiff(a.address, pre, post, created.contains(a.address), preSlots, postSlots));
        }
        return out;
    }

    /** The code with this hash: {@code loaded} when it is that code, else the world's, else null (lost). */
    private byte[] knownCode(Hash hash, Code loaded) {
        if (hash.equals(Keccak256.EMPTY)) {
            return new byte[0];
        }
        byte[] held = world.knownCode(hash);
        if (held != null) {
            return held;
        }
        // Code set earlier in this block is not the world's; a stand-in for lost code does not hash to its key.
        return loaded != null && Keccak256.of(loaded.raw()).equals(hash) ? loaded.raw() : null;
    }

    /** Every account this state has loaded or changed, as it stands now. */
    public List<AccountChange> changes() {
        List<AccountChange> out = new ArrayList<>(accounts.size());
        for (Account a : accounts.values()) {
            Code code = a.exists ? code(a.address) : Code.EMPTY;
            out.add(new AccountChange(a.address, a.exists, a.nonce, a.balance, a.codeHash, code.raw(),
                    a.storageCleared, a.loadedStorage()));
        }
        return out;
    }

    private Account account(Address address) {
        Account last = lastAccount;
        if (last != null && (last.address == address || last.address.equals(address))) {
            return last;
        }
        Account a = accounts.get(address);
        if (a == null) {
            a = new Account(address, world.account(address));
            accounts.put(address, a);
        }
        lastAccount = a;
        return a;
    }

    private record SlotKey(Address address, UInt256 slot) {
        // Written out: a record's generated equals/hashCode go through method handles, a measurable cost per SLOAD.
        @Override
        public boolean equals(Object o) {
            return o instanceof SlotKey other && slot.equals(other.slot) && address.equals(other.address);
        }

        @Override
        public int hashCode() {
            return 31 * address.hashCode() + slot.hashCode();
        }
    }

    private static final class Account {
        final Address address;
        final boolean existedBefore;
        final boolean hasStorage;
        boolean exists;
        boolean storageCleared;
        long nonce;
        UInt256 balance;
        Hash codeHash;
        Code code;
        final SlotTable storage = new SlotTable();

        Account(Address address, AccountInfo info) {
            this.address = address;
            this.existedBefore = info != null;
            this.exists = info != null;
            this.hasStorage = info != null && info.hasStorage();
            this.nonce = info != null ? info.nonce() : 0;
            this.balance = info != null ? info.balance() : UInt256.ZERO;
            this.codeHash = info != null ? info.codeHash() : Keccak256.EMPTY;
        }

        void delete() {
            exists = false;
            nonce = 0;
            balance = UInt256.ZERO;
            codeHash = Keccak256.EMPTY;
            code = Code.EMPTY;
            storageCleared = true;
            // Entries stay, zeroed, so the tracer still sees each slot's transaction-start value beside its end.
            storage.forEach(slot -> {
                if (slot.value != null) {
                    slot.value = UInt256.ZERO;
                }
            });
        }

        /** The slots read or written, with their current values. */
        Map<UInt256, UInt256> loadedStorage() {
            Map<UInt256, UInt256> out = new HashMap<>();
            storage.forEach(slot -> {
                if (slot.value != null) {
                    out.put(slot.key(), slot.value);
                }
            });
            return out;
        }

        boolean hasNonZeroSlot() {
            boolean[] found = {false};
            storage.forEach(slot -> found[0] |= slot.value != null && !slot.value.isZero());
            return found[0];
        }
    }

}
