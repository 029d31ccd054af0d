package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;
import supranational.blst.P2;

/**
 * 0x0e BLS12_G2MSM (EIP-2537, Prague): Σ sᵢ·Qᵢ over k ≥ 1 pairs of (G2 point in the subgroup, 32-byte scalar, not
 * reduced). Priced as k · 22500 · discount(k) / 1000 from the EIP's G2 table.
 */
public final class Bls12G2Msm implements Precompile {
    static final int PAIR_LENGTH = Bls12Codec.G2_LENGTH + Bls12Codec.SCALAR_LENGTH;
    private static final long MULTIPLICATION_GAS = 22_500;
    private static final int MAX_DISCOUNT = 524;
    /** EIP-2537 "G1/G2 MSM": the G2 discount for k = 1..128. */
    private static final int[] DISCOUNTS = {
        1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699, 693, 688, 683,
        679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629, 627, 624, 622, 620, 618, 615,
        613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592, 590, 589, 587, 586, 584, 583, 582, 580, 579,
        578, 576, 575, 574, 573, 571, 570, 569, 568, 567, 566, 565, 563, 562, 561, 560, 559, 558, 557, 556, 555, 554,
        553, 552, 552, 551, 550, 549, 548, 547, 546, 545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536,
        535, 535, 534, 533, 532, 532, 531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524,
    };

    @Override
    public String name() {
        return "BLS12_G2MSM";
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
        P2 sum = new P2();
        for (int offset = 0; offset < input.length; offset += PAIR_LENGTH) {
            P2 point = Bls12Codec.g2(input, offset);
            if (point == null) {
                return Bls12Codec.g2Failure(input, offset);
            }
            if (!point.in_group()) {
                return PrecompileFailures.BLS12_G2_NOT_IN_SUBGROUP;
            }
            BigInteger scalar = Bls12Codec.scalar(input, offset + Bls12Codec.G2_LENGTH);
            if (scalar.signum() != 0 && !point.is_inf()) {
                sum = sum.add(point.mult(scalar));
            }
        }
        return PrecompileResult.success(Bls12Codec.encode(sum));
    }
}
