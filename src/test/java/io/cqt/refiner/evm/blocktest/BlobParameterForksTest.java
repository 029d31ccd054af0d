package io.cqt.refiner.evm.blocktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cqt.refiner.crypto.Keccak256;
import io.cqt.refiner.evm.block.BlockProcessor;
import io.cqt.refiner.evm.fork.BlobSchedule;
import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.fork.ForkSpec;
import io.cqt.refiner.specimen.Header;
import io.cqt.refiner.types.Address;
import io.cqt.refiner.types.Bytes;
import io.cqt.refiner.types.Hash;
import io.cqt.refiner.types.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blob-parameter-only forks (EIP-7892) at their mainnet activation times (docs: ethereum-mainnet.md): the fork
 * switches at exactly the activation timestamp, and with it the blob schedule, the blob base fee a given excess
 * gives, the excess a child header must carry, and the blob limits.
 */
class BlobParameterForksTest {
    private static final long GAS_PER_BLOB = 131_072;

    @ParameterizedTest(name = "{1} at {2}")
    @CsvSource({
        "OSAKA, BPO1, 1765978199, 10, 15, 8346193",
        "BPO1,  BPO2, 1767747671, 14, 21, 11684671",
    })
    void theScheduleSwitchesAtTheActivationTimestamp(Fork before, Fork after, long activation, int target, int max,
                                                     long fraction) {
        assertEquals(before, Fork.of(25_000_000L, activation - 1));
        assertEquals(after, Fork.of(25_000_000L, activation));
        assertEquals(new BlobSchedule(target, max, fraction), ForkSpec.of(after).blobs());
        // Blob-parameter-only: the per-transaction cap (EIP-7594) stays Osaka's.
        assertEquals(ForkSpec.of(Fork.OSAKA).gas().maxBlobsPerTx(), ForkSpec.of(after).gas().maxBlobsPerTx());

        // The same excess blob gas prices blobs lower once the update fraction grows: about e^(excess / fraction).
        long excess = 10_000_000L;
        UInt256 feeBefore = blobBaseFee(before, activation - 1, excess);
        UInt256 feeAfter = blobBaseFee(after, activation, excess);
        assertEquals((long) Math.exp((double) excess / ForkSpec.of(before).blobs().baseFeeUpdateFraction()),
                feeBefore.toLong());
        assertEquals((long) Math.exp((double) excess / fraction), feeAfter.toLong());
        assertNotEquals(feeBefore, feeAfter);

        // A parent full under the old schedule: the child's excess grows by what exceeds the new target.
        int parentBlobs = ForkSpec.of(before).blobs().max();
        Header parent = header(activation - 12, 0, parentBlobs * GAS_PER_BLOB, 0);
        assertEquals(Math.max(0, parentBlobs - ForkSpec.of(before).blobs().target()) * GAS_PER_BLOB,
                Eip4844.excessBlobGas(parent, ForkSpec.of(before).blobs(), true));
        assertEquals(Math.max(0, parentBlobs - target) * GAS_PER_BLOB,
                Eip4844.excessBlobGas(parent, ForkSpec.of(after).blobs(), true));
    }

    @Test
    void theReservePriceGrowsExcessAsIfBlobsWereScarce() {
        BlobSchedule bpo1 = ForkSpec.of(Fork.BPO1).blobs();
        long used = 12 * GAS_PER_BLOB;
        // Execution gas far dearer than blob gas (EIP-7918): excess grows by used * (max - target) / max.
        Header dear = header(1_765_978_200L, 1_000_000_000_000L, used, 0);
        assertEquals(used * (bpo1.max() - bpo1.target()) / bpo1.max(), Eip4844.excessBlobGas(dear, bpo1, true));
        // Without the reserve price (or with cheap execution gas): used - target.
        assertEquals(used - bpo1.target() * GAS_PER_BLOB, Eip4844.excessBlobGas(dear, bpo1, false));
        Header cheap = header(1_765_978_200L, 1, used, 0);
        assertEquals(used - bpo1.target() * GAS_PER_BLOB, Eip4844.excessBlobGas(cheap, bpo1, true));
    }

    @Test
    void transitionNetworksIntoBlobParameterForksAreSupportedAndLaterOnesAreNot() {
        Network network = Network.parse("OsakaToBPO1AtTime15k");
        assertEquals(Fork.OSAKA, network.forkAt(14_999));
        assertEquals(Fork.BPO1, network.forkAt(15_000));
        assertEquals(Fork.BPO2, Network.parse("BPO1ToBPO2AtTime15k").forkAt(15_000));
        assertNull(Network.parse("BPO2ToBPO3AtTime15k"));
        assertNull(Network.parse("Berlin"));
        assertNull(Network.parse("PragueToCancunAtTime15k"));
    }

    private static UInt256 blobBaseFee(Fork fork, long timestamp, long excess) {
        Header h = header(timestamp, 7, 0, excess);
        return BlockProcessor.blockContext(h, fork, ForkSpec.of(fork), 1).blobBaseFee();
    }

    private static Header header(long timestamp, long baseFee, long blobGasUsed, long excessBlobGas) {
        return new Header(Hash.ZERO, Keccak256.EMPTY_LIST, Address.ZERO, Hash.ZERO, Hash.ZERO, Hash.ZERO,
                Bytes.wrap(new byte[Header.BLOOM_SIZE]), UInt256.ZERO, 1, 60_000_000, 0, timestamp, Bytes.EMPTY,
                Hash.ZERO, Bytes.wrap(new byte[Header.NONCE_SIZE]), UInt256.of(baseFee), Hash.ZERO, blobGasUsed,
                excessBlobGas, Hash.ZERO, Hash.ZERO);
    }
}
