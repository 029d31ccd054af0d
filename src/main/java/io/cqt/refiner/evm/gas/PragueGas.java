package io.cqt.refiner.evm.gas;

/** Prague: EIP-7623's calldata floor and EIP-7702's authorization costs. */
public class PragueGas extends CancunGas {
    private static final long FLOOR_PER_TOKEN = 10;

    @Override
    public long floorGas(byte[] data) {
        return TX_BASE + FLOOR_PER_TOKEN * tokens(data);
    }

    @Override
    public long authorizationCost() {
        return 25_000;
    }

    @Override
    public long authorizationExistingAccountRefund() {
        return 25_000 - 12_500;
    }
}
