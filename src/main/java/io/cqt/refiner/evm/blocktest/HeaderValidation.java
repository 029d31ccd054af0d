package io.cqt.refiner.evm.blocktest;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import java.math.BigInteger;

/**
 * The checks of a header against its parent that need no execution: numbering, order, the fields each fork adds,
 * post-merge constants (EIP-3675), the gas limit and base fee (EIP-1559), the excess blob gas (EIP-4844, EIP-7918)
 * and, before the merge, the difficulty.
 */
final class HeaderValidation {
    private static final int MAX_EXTRA_DATA = 32;
    private static final Bytes ZERO_NONCE = Bytes.wrap(new byte[Header.NONCE_SIZE]);
    private static final BigInteger MIN_DIFFICULTY = BigInteger.valueOf(131_072);
    /** EIP-3554: London's difficulty-bomb delay. */
    private static final long LONDON_BOMB_DELAY = 9_700_000L;

    private HeaderValidation() {
    }

    /** @throws InvalidBlockException naming the first rule {@code header} breaks */
    static void validate(Header header, Header parent, Hash parentHash, Fork fork) {
        require(header.number() == parent.number() + 1, "number " + header.number() + " does not follow "
                + parent.number());
        require(header.parentHash().equals(parentHash), "parent hash " + header.parentHash() + " is not "
                + parentHash);
        require(Long.compareUnsigned(header.timestamp(), parent.timestamp()) > 0, "timestamp " + header.timestamp()
                + " is not after the parent's " + parent.timestamp());
        require(header.extraData().size() <= MAX_EXTRA_DATA, "extra data of " + header.extraData().size()
                + " bytes");
        require(Long.compareUnsigned(header.gasUsed(), header.gasLimit()) <= 0, "gas used " + header.gasUsed()
                + " is above the gas limit " + header.gasLimit());
        requireFields(header, fork);
        require(Eip1559.gasLimitInBounds(header.gasLimit(), parent.gasLimit()), "gas limit " + header.gasLimit()
                + " is out of bounds for the parent's " + parent.gasLimit());
        UInt256 baseFee = Eip1559.baseFee(parent);
        require(header.baseFeePerGas().equals(baseFee), "base fee " + header.baseFeePerGas() + " is not "
                + baseFee + " (EIP-1559)");
        if (fork.isAtLeast(Fork.PARIS)) {
            require(header.difficulty().isZero(), "difficulty " + header.difficulty() + " after the merge");
            require(header.nonce().equals(ZERO_NONCE), "nonce "
                    + header.nonce() + " after the merge");
            require(header.sha3Uncles().equals(Keccak256.EMPTY_LIST), "uncles hash after the merge");
        } else {
            UInt256 difficulty = UInt256.of(londonDifficulty(header, parent));
            require(header.difficulty().equals(difficulty), "difficulty " + header.difficulty() + " is not "
                    + difficulty);
        }
        if (fork.isAtLeast(Fork.CANCUN)) {
            long excess = Eip4844.excessBlobGas(parent, ForkSpec.of(fork).blobs(), fork.isAtLeast(Fork.OSAKA));
            require(header.excessBlobGas() == excess, "excess blob gas " + header.excessBlobGas() + " is not "
                    + excess + " (EIP-4844" + (fork.isAtLeast(Fork.OSAKA) ? ", EIP-7918)" : ")"));
        }
    }

    /** Each fork's header has exactly the fields up to the last one it introduced. */
    private static void requireFields(Header h, Fork fork) {
        present(h.baseFeePerGas() != null, true, "baseFeePerGas");
        present(h.withdrawalsRoot() != null, fork.isAtLeast(Fork.SHANGHAI), "withdrawalsRoot");
        present(h.blobGasUsed() != null, fork.isAtLeast(Fork.CANCUN), "blobGasUsed");
        present(h.excessBlobGas() != null, fork.isAtLeast(Fork.CANCUN), "excessBlobGas");
        present(h.parentBeaconBlockRoot() != null, fork.isAtLeast(Fork.CANCUN), "parentBeaconBlockRoot");
        present(h.requestsHash() != null, fork.isAtLeast(Fork.PRAGUE), "requestsHash");
    }

    private static void present(boolean present, boolean expected, String field) {
        require(present == expected, (present ? "has " : "lacks ") + field);
    }

    /** Byzantium's difficulty adjustment with London's bomb delay (EIP-100, EIP-3554). */
    private static BigInteger londonDifficulty(Header header, Header parent) {
        BigInteger pd = parent.difficulty().toBigInteger();
        long sinceParent = (header.timestamp() - parent.timestamp()) / 9;
        long uncleFactor = parent.sha3Uncles().equals(Keccak256.EMPTY_LIST) ? 1 : 2;
        long adjustment = Math.max(uncleFactor - sinceParent, -99);
        BigInteger difficulty = pd.add(pd.shiftRight(11).multiply(BigInteger.valueOf(adjustment)))
                .max(MIN_DIFFICULTY);
        long periods = Math.max(0, header.number() - LONDON_BOMB_DELAY) / 100_000 - 2;
        return periods >= 0 ? difficulty.add(BigInteger.TWO.pow((int) periods)) : difficulty;
    }

    static void require(boolean ok, String why) {
        if (!ok) {
            throw new InvalidBlockException(why);
        }
    }
}
