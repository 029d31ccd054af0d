package io.cqt.refiner.evm.precompile;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.types.Address;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Ethereum mainnet precompiles of each fork, built cumulatively (each fork starts from its predecessor's set and
 * applies its EIPs) and memoised: every fork's {@link PrecompileSet} is built once, on first use of this class.
 */
public final class MainnetPrecompiles {
    private MainnetPrecompiles() {
    }

    private static final class Holder {
        static final Map<Fork, PrecompileSet> SETS = buildAll();
    }

    /** The precompiles active in {@code fork}. The first call loads the native crypto libraries and KZG setup. */
    public static PrecompileSet forFork(Fork fork) {
        return Holder.SETS.get(fork);
    }

    private static Map<Fork, PrecompileSet> buildAll() {
        Map<Fork, PrecompileSet> sets = new EnumMap<>(Fork.class);
        Map<Address, Precompile> current = new LinkedHashMap<>();
        for (Fork fork : Fork.values()) {
            applyFork(fork, current);
            sets.put(fork, new PrecompileSet(current));
        }
        return Collections.unmodifiableMap(sets);
    }

    private static void put(Map<Address, Precompile> set, int number, Precompile precompile) {
        set.put(PrecompileSet.address(number), precompile);
    }

    /** What {@code fork} changes relative to its predecessor; London carries everything from Frontier to Berlin. */
    private static void applyFork(Fork fork, Map<Address, Precompile> set) {
        switch (fork) {
            case LONDON -> {
                put(set, 0x01, new EcRecover(Secp256k1Recovery.best()));
                put(set, 0x02, new Sha256());
                put(set, 0x03, new Ripemd160());
                put(set, 0x04, new Identity());
                put(set, 0x05, new ModExp(ModExp.Rules.EIP2565)); // EIP-198, EIP-2565 (Berlin)
                put(set, 0x06, new AltBn128Add()); // EIP-196, EIP-1108 (Istanbul) gas
                put(set, 0x07, new AltBn128Mul());
                put(set, 0x08, new AltBn128Pairing()); // EIP-197, EIP-1108
                put(set, 0x09, new Blake2F()); // EIP-152 (Istanbul)
            }
            case PARIS, SHANGHAI, BPO1, BPO2 -> {
                // No precompile changes.
            }
            case CANCUN -> put(set, 0x0a, new KzgPointEvaluation(KzgTrustedSetup.mainnet())); // EIP-4844
            case PRAGUE -> { // EIP-2537
                put(set, 0x0b, new Bls12G1Add());
                put(set, 0x0c, new Bls12G1Msm());
                put(set, 0x0d, new Bls12G2Add());
                put(set, 0x0e, new Bls12G2Msm());
                put(set, 0x0f, new Bls12PairingCheck());
                put(set, 0x10, new Bls12MapFpToG1());
                put(set, 0x11, new Bls12MapFp2ToG2());
            }
            case OSAKA -> {
                put(set, 0x05, new ModExp(ModExp.Rules.OSAKA)); // EIP-7823, EIP-7883
                put(set, 0x100, new P256Verify()); // EIP-7951
            }
        }
    }
}
