package io.cqt.refiner.evm.state;

import io.cqt.refiner.evm.code.Code;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;

/** The read side of the world state before a block: accounts, code by hash, storage and ancestor block hashes. */
public interface WorldView {
    /** The account, or null when it does not exist. */
    AccountInfo account(Address address);

    /** The code with this hash; the empty code hash gives an empty array. */
    byte[] code(Hash codeHash);

    /**
     * The code with this hash when the world holds it, else null; unlike {@link #code}, asking records nothing (a
     * tracer's question is not a read the execution made).
     */
    default byte[] knownCode(Hash codeHash) {
        return code(codeHash);
    }

    /**
     * The code with this hash as checked and analysed for earlier blocks (a {@link Code} shared through a code
     * cache), or null when the world has none prepared; then {@link #code} answers. Asking records nothing: a world
     * prepares only code it holds.
     */
    default Code preparedCode(Hash codeHash) {
        return null;
    }

    /** A storage slot's value; zero when unset. */
    UInt256 storage(Address address, UInt256 slot);

    /** The hash of an ancestor block, or null when it is unknown. */
    Hash blockHash(long number);
}
