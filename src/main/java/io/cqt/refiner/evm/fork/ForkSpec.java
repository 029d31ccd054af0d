package io.cqt.refiner.evm.fork;

import io.cqt.refiner.evm.gas.CancunGas;
import io.cqt.refiner.evm.gas.GasCalculator;
import io.cqt.refiner.evm.gas.LondonGas;
import io.cqt.refiner.evm.gas.OsakaGas;
import io.cqt.refiner.evm.gas.PragueGas;
import io.cqt.refiner.evm.gas.ShanghaiGas;
import java.util.EnumMap;
import java.util.Map;

/**
 * Everything that depends on the fork, resolved once: the instruction table, the gas calculator, the blob schedule
 * and the few behaviour switches that are not costs. Only this class and the builders branch on {@link Fork}.
 * Precompiles are injected separately (a {@code PrecompileSet} per fork).
 *
 * @param selfdestructOnlyInCreatingTx EIP-6780: SELFDESTRUCT deletes only accounts created in the same transaction
 * @param setCodeTransactions EIP-7702: type-4 transactions and delegation designators
 * @param blobTransactions EIP-4844: type-3 transactions
 * @param warmCoinbase EIP-3651: the coinbase is warm from the start of each transaction
 */
public record ForkSpec(Fork fork, InstructionTable table, GasCalculator gas, BlobSchedule blobs,
                       boolean selfdestructOnlyInCreatingTx, boolean setCodeTransactions, boolean blobTransactions,
                       boolean warmCoinbase) {

    private static final Map<Fork, ForkSpec> SPECS = build();

    public static ForkSpec of(Fork fork) {
        return SPECS.get(fork);
    }

    private static Map<Fork, ForkSpec> build() {
        EnumMap<Fork, ForkSpec> specs = new EnumMap<>(Fork.class);
        for (Fork fork : Fork.values()) {
            specs.put(fork, new ForkSpec(fork, InstructionTable.of(fork), gasFor(fork), blobsFor(fork),
                    fork.isAtLeast(Fork.CANCUN), fork.isAtLeast(Fork.PRAGUE), fork.isAtLeast(Fork.CANCUN),
                    fork.isAtLeast(Fork.SHANGHAI)));
        }
        return specs;
    }

    private static GasCalculator gasFor(Fork fork) {
        return switch (fork) {
            case LONDON, PARIS -> new LondonGas();
            case SHANGHAI -> new ShanghaiGas();
            case CANCUN -> new CancunGas();
            case PRAGUE -> new PragueGas();
            case OSAKA, BPO1, BPO2 -> new OsakaGas();
        };
    }

    /** The mainnet schedule (ethereum-mainnet.md); state tests may supply their own through the block context. */
    public static BlobSchedule blobsFor(Fork fork) {
        return switch (fork) {
            case LONDON, PARIS, SHANGHAI -> BlobSchedule.NONE;
            case CANCUN -> new BlobSchedule(3, 6, 3_338_477L);
            case PRAGUE, OSAKA -> new BlobSchedule(6, 9, 5_007_716L);
            case BPO1 -> new BlobSchedule(10, 15, 8_346_193L);
            case BPO2 -> new BlobSchedule(14, 21, 11_684_671L);
        };
    }
}
