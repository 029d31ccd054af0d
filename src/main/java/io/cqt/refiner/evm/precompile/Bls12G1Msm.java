package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;
import supranational.blst.P1;

/**
 * 0x0c BLS12_G1MSM (EIP-2537, Prague): Σ sᵢ·Pᵢ over k ≥ 1 pairs of (G1 point in the subgroup, 32-byte scalar, not
 * reduced). Priced as k · 12000 · discount(k) / 1000 from the EIP's G1 table.
 */
public final class Bls12G1Msm implements Precompile {
    static final int PAIR_LENGTH = Bls12Codec.G1_LENGTH + Bls12Codec.SCALAR_LENGTH;
    private static final long MULTIPLICATION_GAS = 12_000;
    private static final int MAX_DISCOUNT = 519;
    /** EIP-2537 "G1/G2 MSM": the G1 discount for k = 1..128. */
    private static final int[] DISCOUNTS = {
        1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665, 661, 658, 654,
        651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615, 613, 611, 609, 608, 606, 604,
        603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585, 584, 582, 581, 580, 579, 577, 576, 575, 574,
        573, 572, 570, 569, 568, 567, 566, 565, 564, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551,
        550, 549, 548, 547, 547, 546, 545, 544, 543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532,
        532, 531, 530, 529, 528, 528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519,
    };

    @Override
    public String name() {
        return "BLS12_G1MSM";
    }

    @Override
    public long gas(byte[] input) {
        return Bls12Codec.msmGas(input.length, PAIR_LENGTH, MULTIPLICATION_GAS, DISCOUNTS, MAX_DISCOUNT);
    }

    @Override
    public PrecompileResult run(byte[] input) {
        if (input.length == 0 || input.length % PAIR_LENGTH != 0) {
            return PrecompileFailures.INVALID_INPUT_LENGTH;
        }
        P1 sum = new P1();
        for (int offset = 0; offset < input.length; offset += PAIR_LENGTH) {
            P1 point = Bls12Codec.g1(input, offset);
            if (point == null) {
                return Bls12Codec.g1Failure(input, offset);
            }
            if (!point.in_group()) {
                return PrecompileFailures.BLS12_G1_NOT_IN_SUBGROUP;
            }
            BigInteger scalar = Bls12Codec.scalar(input, offset + Bls12Codec.G1_LENGTH);
            if (scalar.signum() != 0 && !point.is_inf()) {
                sum = sum.add(point.mult(scalar));
            }
        }
        return PrecompileResult.success(Bls12Codec.encode(sum));
    }
}
