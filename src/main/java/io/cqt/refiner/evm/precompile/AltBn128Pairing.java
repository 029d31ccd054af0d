package io.cqt.refiner.evm.precompile;

/**
 * 0x08 ECPAIRING (EIP-197): for k ≥ 0 pairs (G1, G2) of 192 bytes, returns the word 1 when Π e(Pᵢ, Qᵢ) = 1 and 0
 * otherwise; the empty product is 1. G2 points must lie in the order-r subgroup. Gas 45000 + 34000·k (EIP-1108).
 */
public final class AltBn128Pairing implements Precompile {
    static final int PAIR_LENGTH = 192;

    @Override
    public String name() {
        return "BN254_PAIRING";
    }

    @Override
    public long gas(byte[] input) {
        return 45_000L + 34_000L * (input.length / PAIR_LENGTH);
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length % PAIR_LENGTH != 0) {
            return PrecompileFailures.BN254_PAIRING_BAD_SIZE;
        }
        int pairs = input.length / PAIR_LENGTH;
        AltBn128.G1[] ps = new AltBn128.G1[pairs];
        AltBn128.G2[] qs = new AltBn128.G2[pairs];
        int finite = 0;
        for (int offset = 0; offset < input.length; offset += PAIR_LENGTH) {
            AltBn128.G1 p = AltBn128.decodeG1(input, offset);
            PrecompileResult failure = AltBn128.failure(p);
            if (failure != null) {
                return failure;
            }
            AltBn128.G2 q = AltBn128.decodeG2(input, offset + 64);
            failure = AltBn128.failure(q);
            if (failure != null) {
                return failure;
            }
            if (p == null || q == null) {
                continue;
            }
            ps[finite] = p;
            qs[finite] = q;
            finite++;
        }
        byte[] out = new byte[32];
        if (AltBn128.pairingIsOne(ps, qs, finite)) {
            out[31] = 1;
        }
        return PrecompileResult.success(out);
    }
}
