package io.cqt.refiner.evm.gas;

/** Osaka: EIP-7825's transaction gas cap and EIP-7594's per-transaction blob limit. */
public class OsakaGas extends PragueGas {
    @Override
    public long txGasLimitCap() {
        return 1L << 24;
    }

    @Override
    public int maxBlobsPerTx() {
        return 6;
    }
}
