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

    /**
     * @param balancePrecision how far the real balance may be above {@code balance}: the ulp of the double a JSON
     *                         file wrote it as (known loss 3, specimen-format.md); zero when it was written exactly
     */
    public record AccountRead(Address address, long nonce, UInt256 balance, Hash codeHash, UInt256 balancePrecision) {
        public AccountRead {
            if (balancePrecision == null) {
                balancePrecision = UInt256.ZERO;
            }
        }

        /** A balance written exactly. */
        public AccountRead(Address address, long nonce, UInt256 balance, Hash codeHash) {
            this(address, nonce, balance, codeHash, UInt256.ZERO);
        }

        /** Whether the file wrote the balance as a double that cannot hold it exactly. */
        public boolean balanceFloatLossy() {
            return !balancePrecision.isZero();
        }
    }

    public record StorageRead(Address account, Hash slotKey, Hash value) {
    }

    public record CodeRead(Hash hash, Bytes code) {
    }

    public record BlockhashRead(long blockNumber, Hash blockHash) {
    }
}
