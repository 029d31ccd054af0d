package io.cqt.refiner.specimen;

import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.util.List;

/**
 * A transaction of type 0 (legacy), 1 (EIP-2930), 2 (EIP-1559), 3 (EIP-4844 blob) or 4 (EIP-7702 set code), with
 * the fields the producer records for every type. {@code to} is null for contract creation; {@code v} may be null
 * (the producer omits a zero v). The blob fields exist from codec 0.37 on, {@code data} and {@code authList} from
 * 0.38; codec 0.38 loses type-4 authorization lists ({@code authList} null).
 */
public record Transaction(
        int type,
        List<AccessListEntry> accessList,
        UInt256 chainId,
        long nonce,
        UInt256 gasPrice,
        UInt256 gasTipCap,
        UInt256 gasFeeCap,
        long gas,
        Address from,
        Address to,
        UInt256 value,
        Bytes input,
        UInt256 v,
        UInt256 r,
        UInt256 s,
        UInt256 blobFeeCap,
        List<Hash> blobHashes,
        Long blobGas,
        String data,
        List<Authorization> authList) {

    public static final int LEGACY = 0;
    public static final int ACCESS_LIST = 1;
    public static final int DYNAMIC_FEE = 2;
    public static final int BLOB = 3;
    public static final int SET_CODE = 4;

    public Transaction {
        if (type < LEGACY || type > SET_CODE) {
            throw new SpecimenException("transaction type " + type + " is not one of 0-4");
        }
        accessList = List.copyOf(accessList);
        blobHashes = blobHashes == null ? null : List.copyOf(blobHashes);
        authList = authList == null ? null : List.copyOf(authList);
    }

    public boolean isContractCreation() {
        return to == null;
    }

    /** An EIP-2930 access-list entry. */
    public record AccessListEntry(Address address, List<Hash> storageKeys) {
        public AccessListEntry {
            storageKeys = List.copyOf(storageKeys);
        }
    }

    /** An EIP-7702 authorization tuple. */
    public record Authorization(UInt256 chainId, Address address, long nonce, UInt256 yParity, UInt256 r,
                                UInt256 s) {
    }
}
