package io.cqt.refiner.evm.gas;

import io.cqt.refiner.evm.word.Words;

/** Shanghai: EIP-3860 limits init code and meters it per word. */
public class ShanghaiGas extends LondonGas {
    @Override
    public long initcodeCost(long length) {
        return Words.clampedMultiply(2, Words.numWords(length));
    }

    @Override
    public int maxInitcodeSize() {
        return 2 * maxCodeSize();
    }
}
