package io.cqt.refiner.evm.precompile;

import supranational.blst.P1;
import supranational.blst.P2;
import supranational.blst.PT;

/**
 * 0x0f BLS12_PAIRING_CHECK (EIP-2537, Prague): for k ≥ 1 pairs (G1, G2), both in their subgroups, returns the word
 * 1 when Π e(Pᵢ, Qᵢ) = 1 and 0 otherwise. A pair with a point at infinity contributes 1. Gas 32600·k + 37700.
 */
public final class Bls12PairingCheck implements Precompile {
    static final int PAIR_LENGTH = Bls12Codec.G1_LENGTH + Bls12Codec.G2_LENGTH;

    @Override
    public String name() {
        return "BLS12_PAIRING_CHECK";
    }

    @Override
    public long gas(byte[] input) {
        return 32_600L * (input.length / PAIR_LENGTH) + 37_700L;
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length == 0 || input.length % PAIR_LENGTH != 0) {
            return PrecompileFailures.INVALID_INPUT_LENGTH;
        }
        PT product = null;
        for (int offset = 0; offset < input.length; offset += PAIR_LENGTH) {
            // geth decodes both points of a pair before it checks either's subgroup.
            P1 p = Bls12Codec.g1(input, offset);
            if (p == null) {
                return Bls12Codec.g1Failure(input, offset);
            }
            P2 q = Bls12Codec.g2(input, offset + Bls12Codec.G1_LENGTH);
            if (q == null) {
                return Bls12Codec.g2Failure(input, offset + Bls12Codec.G1_LENGTH);
            }
            if (!p.in_group()) {
                return PrecompileFailures.BLS12_G1_NOT_IN_SUBGROUP;
            }
            if (!q.in_group()) {
                return PrecompileFailures.BLS12_G2_NOT_IN_SUBGROUP;
            }
            if (p.is_inf() || q.is_inf()) {
                continue;
            }
            PT miller = new PT(p.to_affine(), q.to_affine());
            product = product == null ? miller : product.mul(miller);
        }
        byte[] out = new byte[32];
        if (product == null || product.final_exp().is_one()) {
            out[31] = 1;
        }
        return PrecompileResult.success(out);
    }
}
