package io.cqt.refiner.evm.gas;

/** Cancun: EIP-4844 blob gas. */
public class CancunGas extends ShanghaiGas {
    @Override
    public long blobGasPerBlob() {
        return 131_072;
    }
}
