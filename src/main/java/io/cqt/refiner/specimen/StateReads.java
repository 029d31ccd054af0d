package io.cqt.refiner.specimen;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/** Every piece of pre-state the block read, as the producer recorded it. */
public record StateReads(
        List<AccountRead> accountReads,
        List<StorageRead> storageReads,
        List<CodeRead> codeReads,
        List<BlockhashRead> blockhashReads) {

    public StateReads {
        accountReads = List.copyOf(accountReads);
        storageReads = List.copyOf(storageReads);
        codeReads = List.copyOf(codeReads);
        blockhashReads = List.copyOf(blockhashReads);
    }

    public record AccountRead(Address address, long nonce, UInt256 balance, Hash codeHash) {
    }

    public record StorageRead(Address account, Hash slotKey, Hash value) {
    }

    public record CodeRead(Hash hash, Bytes code) {
    }

    public record BlockhashRead(long blockNumber, Hash blockHash) {
    }
}
