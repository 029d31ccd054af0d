package io.cqt.refiner.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import supranational.blst.P2_Affine;

/**
 * Each way BN254, BLAKE2F, MODEXP and the BLS12-381 precompiles fail, with the error text geth 02b73d4 reports for
 * it (core/vm/contracts.go; crypto/bn256/gnark and gnark-crypto v0.18.1 for the texts it passes on). The texts
 * below are typed from those sources. Where an input has two faults, the one geth checks first names the failure.
 * Point evaluation is in {@link KzgPointEvaluationErrorsTest}.
 */
class PrecompileErrorTextsTest {
    private static final BigInteger BN_P = AltBn128Reference.P;
    private static final BigInteger BLS_P = Bls12Codec.P;
    private static final String PAD = "00".repeat(16);

    private static final String BN_NOT_IN_FIELD = "invalid fp.Element encoding";
    private static final String BN_NOT_ON_CURVE = "point is not on curve";
    private static final String BLS_LENGTH = "invalid input length";
    private static final String BLS_TOP_BYTES = "invalid field element top bytes";
    private static final String BLS_NOT_IN_FIELD = "invalid fp.Element encoding";
    private static final String BLS_NOT_ON_CURVE = "invalid point: not on curve";
    private static final String BLS_G1_SUBGROUP = "g1 point is not on correct subgroup";
    private static final String BLS_G2_SUBGROUP = "g2 point is not on correct subgroup";

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] word(BigInteger value) {
        return PrecompileInput.leftPad(value, 32);
    }

    private static byte[] word(long value) {
        return word(BigInteger.valueOf(value));
    }

    private static void assertFails(String expected, PrecompileResult result, String what) {
        assertFalse(result.success(), what);
        assertEquals(expected, result.error(), what);
        assertEquals(0, result.output().length, what);
    }

    // ---- BN254 (0x06, 0x07, 0x08)

    private static final byte[] BN_G1 = concat(word(1), word(2)); // EIP-196's generator
    private static final byte[] BN_OFF_CURVE = concat(word(1), word(3));

    @Test
    void bn254AddNamesTheFirstBadCoordinateOrTheCurve() {
        AltBn128Add add = new AltBn128Add();
        assertFails(BN_NOT_IN_FIELD, add.run(concat(word(BN_P), word(2), BN_G1)), "x = p");
        assertFails(BN_NOT_IN_FIELD, add.run(concat(word(1), word(BN_P.add(BigInteger.TWO)), BN_G1)), "y = p + 2");
        assertFails(BN_NOT_IN_FIELD, add.run(concat(BN_G1, word(BN_P.add(BigInteger.ONE)), word(2))), "second x");
        assertFails(BN_NOT_ON_CURVE, add.run(concat(BN_OFF_CURVE, BN_G1)), "(1, 3)");
        assertFails(BN_NOT_ON_CURVE, add.run(concat(BN_G1, BN_OFF_CURVE)), "second point");
        assertFails(BN_NOT_ON_CURVE, add.run(BN_OFF_CURVE), "the missing second point is infinity");
        assertFails(BN_NOT_ON_CURVE, add.run(concat(BN_OFF_CURVE, word(BN_P), word(0))),
                "the first point is decoded before the second");
        assertFails(BN_NOT_IN_FIELD, add.run(concat(word(BN_P.add(BigInteger.ONE)), word(3), BN_G1)),
                "the coordinates before the curve");
    }

    @Test
    void bn254MulNamesItsPointsFault() {
        AltBn128Mul mul = new AltBn128Mul();
        assertFails(BN_NOT_IN_FIELD, mul.run(concat(word(BN_P), word(0), word(1))), "(p, 0) is not infinity");
        assertFails(BN_NOT_ON_CURVE, mul.run(concat(word(1), word(1), word(1))), "(1, 1)");
    }

    @Test
    void bn254PairingNamesSizeThenEachPairsG1ThenG2() {
        AltBn128Pairing pairing = new AltBn128Pairing();
        byte[] g2 = AltBn128Test.g2Generator();
        assertFails("bad elliptic curve pairing size", pairing.run(new byte[191]), "191 bytes");
        assertFails("bad elliptic curve pairing size", pairing.run(new byte[193]), "193 bytes");
        assertFails(BN_NOT_ON_CURVE, pairing.run(concat(BN_OFF_CURVE, g2)), "G1 off the curve");
        assertFails(BN_NOT_IN_FIELD, pairing.run(concat(word(BN_P), word(0), g2)), "G1 x = p");
        for (int coordinate = 0; coordinate < 4; coordinate++) {
            byte[] bad = g2.clone();
            System.arraycopy(word(BN_P), 0, bad, 32 * coordinate, 32);
            assertFails(BN_NOT_IN_FIELD, pairing.run(concat(BN_G1, bad)), "G2 coordinate " + coordinate + " = p");
        }
        byte[] offTwist = g2.clone();
        offTwist[127] ^= 1;
        assertFails(BN_NOT_ON_CURVE, pairing.run(concat(BN_G1, offTwist)), "G2 off the twist");
        assertFails("point is not in correct subgroup", pairing.run(concat(BN_G1, twistPointOutsideSubgroup())),
                "G2 on the twist, outside the order-r subgroup");
        assertFails(BN_NOT_IN_FIELD, pairing.run(concat(word(BN_P), word(0), offTwist)),
                "a pair's G1 is decoded before its G2");
        assertFails(BN_NOT_ON_CURVE, pairing.run(concat(BN_G1, offTwist, word(BN_P), word(0), g2)),
                "pairs in order");
    }

    /** A point on the twist outside G2: a random one almost surely is (the twist's cofactor is about r). */
    private static byte[] twistPointOutsideSubgroup() {
        Random random = new Random(16);
        while (true) {
            AltBn128Reference.Fp2 x =
                    new AltBn128Reference.Fp2(new BigInteger(250, random), new BigInteger(250, random));
            AltBn128Reference.Fp2 y = AltBn128Test.sqrt(x.mul(x).mul(x).add(AltBn128Reference.TWIST_B));
            if (y != null) {
                AltBn128Reference.G2 point = new AltBn128Reference.G2(x, y);
                assertTrue(point.isOnCurve());
                assertFalse(point.isInSubgroup());
                return concat(word(x.b()), word(x.a()), word(y.b()), word(y.a()));
            }
        }
    }

    // ---- BLAKE2F (0x09) and MODEXP (0x05)

    @Test
    void blake2fNamesLengthAndFinalFlag() {
        Blake2F blake = new Blake2F();
        for (int length : new int[] {0, 212, 214}) {
            assertFails("invalid input length", blake.run(new byte[length]), length + " bytes");
        }
        byte[] in = new byte[213];
        in[3] = 12;
        in[212] = 2;
        assertFails("invalid final flag", blake.run(in), "f = 2");
        in[212] = (byte) 0x80;
        assertFails("invalid final flag", blake.run(in), "f = 0x80");
    }

    @Test
    void osakaModexpNamesTheEip7823Limit() {
        ModExp osaka = new ModExp(ModExp.Rules.OSAKA);
        String text = "one or more of base/exponent/modulus length exceeded 1024 bytes";
        assertFails(text, osaka.run(concat(word(1025), word(1), word(1))), "base");
        assertFails(text, osaka.run(concat(word(1), word(1025), word(1))), "exponent");
        assertFails(text, osaka.run(concat(word(1), word(1), word(1025))), "modulus");
        assertFails(text, osaka.run(concat(word(BigInteger.ONE.shiftLeft(64)), word(1), word(1))),
                "a length past 64 bits");
        assertFails(text, osaka.run(concat(word(0), word(1025), word(0))), "even with nothing to return");
        assertTrue(new ModExp(ModExp.Rules.EIP2565).run(concat(word(1), word(1), word(1025))).success(),
                "no limit before Osaka");
    }

    // ---- BLS12-381 (0x0b–0x11)

    private static final byte[] G1 = Bls12PrecompilesTest.G1;
    private static final byte[] G2 = Bls12PrecompilesTest.G2;

    /** {@code point} with its field element number {@code index} (64 bytes each) replaced. */
    private static byte[] withElement(byte[] point, int index, byte[] element) {
        byte[] out = point.clone();
        System.arraycopy(element, 0, out, 64 * index, 64);
        return out;
    }

    private static byte[] topByteSet(byte[] point, int index) {
        byte[] out = point.clone();
        out[64 * index + 15] = 1;
        return out;
    }

    private static byte[] element(BigInteger value) {
        return PrecompileInput.leftPad(value, 64);
    }

    private static byte[] offCurve(byte[] point) {
        byte[] out = point.clone();
        out[out.length - 1] ^= 1;
        return out;
    }

    /** A point of E2 outside G2: E2's cofactor is huge, so a random point is outside. */
    private static byte[] g2PointOutsideSubgroup() {
        Random random = new Random(17);
        Bls12MapToCurve.Field<Bls12MapToCurve.Fp2> f = Bls12MapToCurve.FP2;
        Bls12MapToCurve.Fp2 b = new Bls12MapToCurve.Fp2(BigInteger.valueOf(4), BigInteger.valueOf(4)); // 4(1 + i)
        while (true) {
            Bls12MapToCurve.Fp2 x = new Bls12MapToCurve.Fp2(new BigInteger(380, random), new BigInteger(380, random));
            Bls12MapToCurve.Fp2 y = f.sqrt(f.add(f.mul(f.mul(x, x), x), b));
            if (y != null) {
                byte[] encoded = concat(element(x.c0()), element(x.c1()), element(y.c0()), element(y.c1()));
                P2_Affine point = new P2_Affine(concat(Arrays.copyOfRange(encoded, 80, 128),
                        Arrays.copyOfRange(encoded, 16, 64), Arrays.copyOfRange(encoded, 208, 256),
                        Arrays.copyOfRange(encoded, 144, 192)));
                assertTrue(point.on_curve(), "blst agrees it is on E2");
                assertFalse(point.in_group());
                return encoded;
            }
        }
    }

    @Test
    void blsLengthsAreInvalidInputLength() {
        Object[][] cases = {
            {new Bls12G1Add(), new int[] {0, 255, 257}},
            {new Bls12G2Add(), new int[] {0, 511, 513}},
            {new Bls12G1Msm(), new int[] {0, 159, 161}},
            {new Bls12G2Msm(), new int[] {0, 287, 289}},
            {new Bls12PairingCheck(), new int[] {0, 383, 385}},
            {new Bls12MapFpToG1(), new int[] {0, 63, 65}},
            {new Bls12MapFp2ToG2(), new int[] {0, 127, 129}},
        };
        for (Object[] c : cases) {
            Precompile p = (Precompile) c[0];
            for (int length : (int[]) c[1]) {
                assertFails(BLS_LENGTH, p.run(new byte[length]), p.name() + " of " + length + " bytes");
            }
        }
    }

    @Test
    void blsG1AddNamesEncodingThenCurve() {
        Bls12G1Add add = new Bls12G1Add();
        assertFails(BLS_TOP_BYTES, add.run(concat(topByteSet(G1, 0), G1)), "x padding");
        assertFails(BLS_TOP_BYTES, add.run(concat(G1, topByteSet(G1, 1))), "second y padding");
        assertFails(BLS_NOT_IN_FIELD, add.run(concat(withElement(G1, 0, element(BLS_P)), G1)), "x = p");
        assertFails(BLS_NOT_IN_FIELD, add.run(concat(G1, withElement(G1, 1, element(BLS_P.add(BigInteger.ONE))))),
                "second y = p + 1");
        assertFails(BLS_NOT_ON_CURVE, add.run(concat(offCurve(G1), G1)), "first off the curve");
        assertFails(BLS_NOT_ON_CURVE, add.run(concat(G1, offCurve(G1))), "second off the curve");
        assertFails(BLS_NOT_IN_FIELD, add.run(concat(withElement(topByteSet(G1, 1), 0, element(BLS_P)), G1)),
                "x is decoded before y");
        assertFails(BLS_NOT_ON_CURVE, add.run(concat(offCurve(G1), topByteSet(G1, 0))),
                "the first point is decoded before the second");
        assertTrue(add.run(concat(Bls12PrecompilesTest.g1PointOutsideSubgroup(new Random(18)), G1)).success(),
                "no subgroup check, so no subgroup error");
    }

    @Test
    void blsG2AddNamesEachCoordinate() {
        Bls12G2Add add = new Bls12G2Add();
        for (int i = 0; i < 4; i++) {
            assertFails(BLS_TOP_BYTES, add.run(concat(topByteSet(G2, i), G2)), "element " + i + " padding");
            assertFails(BLS_NOT_IN_FIELD, add.run(concat(G2, withElement(G2, i, element(BLS_P)))),
                    "element " + i + " = p");
        }
        assertFails(BLS_NOT_ON_CURVE, add.run(concat(G2, offCurve(G2))), "off the curve");
    }

    @Test
    void blsMsmNamesEncodingCurveAndSubgroup() {
        Bls12G1Msm g1Msm = new Bls12G1Msm();
        Bls12G2Msm g2Msm = new Bls12G2Msm();
        byte[] one = word(1);
        assertFails(BLS_TOP_BYTES, g1Msm.run(concat(topByteSet(G1, 1), one)), "G1 padding");
        assertFails(BLS_NOT_IN_FIELD, g1Msm.run(concat(withElement(G1, 0, element(BLS_P)), one)), "G1 x = p");
        assertFails(BLS_NOT_ON_CURVE, g1Msm.run(concat(offCurve(G1), one)), "G1 off the curve");
        byte[] outside = Bls12PrecompilesTest.g1PointOutsideSubgroup(new Random(19));
        assertFails(BLS_G1_SUBGROUP, g1Msm.run(concat(G1, one, outside, one)), "second pair outside G1");
        assertFails(BLS_G1_SUBGROUP, g1Msm.run(concat(outside, one, offCurve(G1), one)),
                "each pair is checked whole before the next is decoded");

        assertFails(BLS_TOP_BYTES, g2Msm.run(concat(topByteSet(G2, 3), one)), "G2 padding");
        assertFails(BLS_NOT_IN_FIELD, g2Msm.run(concat(withElement(G2, 2, element(BLS_P)), one)), "G2 y.c0 = p");
        assertFails(BLS_NOT_ON_CURVE, g2Msm.run(concat(offCurve(G2), one)), "G2 off the curve");
        assertFails(BLS_G2_SUBGROUP, g2Msm.run(concat(g2PointOutsideSubgroup(), one)), "outside G2");
    }

    @Test
    void blsPairingDecodesBothPointsBeforeEitherSubgroup() {
        Bls12PairingCheck pairing = new Bls12PairingCheck();
        byte[] outsideG1 = Bls12PrecompilesTest.g1PointOutsideSubgroup(new Random(20));
        byte[] outsideG2 = g2PointOutsideSubgroup();
        assertFails(BLS_TOP_BYTES, pairing.run(concat(topByteSet(G1, 0), G2)), "G1 padding");
        assertFails(BLS_NOT_IN_FIELD, pairing.run(concat(G1, withElement(G2, 1, element(BLS_P)))), "G2 x.c1 = p");
        assertFails(BLS_NOT_ON_CURVE, pairing.run(concat(offCurve(G1), G2)), "G1 off the curve");
        assertFails(BLS_NOT_ON_CURVE, pairing.run(concat(G1, offCurve(G2))), "G2 off the curve");
        assertFails(BLS_G1_SUBGROUP, pairing.run(concat(outsideG1, G2)), "outside G1");
        assertFails(BLS_G2_SUBGROUP, pairing.run(concat(G1, outsideG2)), "outside G2");
        assertFails(BLS_NOT_ON_CURVE, pairing.run(concat(outsideG1, offCurve(G2))), "G2 decoded before G1's subgroup");
        assertFails(BLS_G1_SUBGROUP, pairing.run(concat(outsideG1, outsideG2)), "G1's subgroup before G2's");
        assertFails(BLS_G2_SUBGROUP, pairing.run(concat(G1, outsideG2, offCurve(G1), G2)), "pairs in order");
    }

    @Test
    void blsMapsNameTheirFieldElements() {
        Bls12MapFpToG1 mapG1 = new Bls12MapFpToG1();
        Bls12MapFp2ToG2 mapG2 = new Bls12MapFp2ToG2();
        assertFails(BLS_TOP_BYTES, mapG1.run(topByteSet(new byte[64], 0)), "padding");
        assertFails(BLS_NOT_IN_FIELD, mapG1.run(element(BLS_P)), "u = p");
        assertFails(BLS_TOP_BYTES, mapG2.run(concat(new byte[64], topByteSet(new byte[64], 0))), "c1 padding");
        assertFails(BLS_NOT_IN_FIELD, mapG2.run(concat(element(BLS_P), new byte[64])), "c0 = p");
        assertFails(BLS_NOT_IN_FIELD, mapG2.run(concat(element(BLS_P), topByteSet(new byte[64], 0))),
                "c0 is decoded before c1");
    }

    // ---- the others never fail

    @Test
    void precompilesThatNeverFailHaveNoError() {
        Precompile[] never = {new EcRecover(Secp256k1Recovery.best()), new Sha256(), new Ripemd160(), new Identity(),
            new P256Verify()};
        Random random = new Random(21);
        for (Precompile p : never) {
            for (int length : new int[] {0, 1, 127, 128, 160, 300}) {
                byte[] in = new byte[length];
                random.nextBytes(in);
                PrecompileResult result = p.run(in);
                assertTrue(result.success(), p.name());
                assertNull(result.error(), p.name());
            }
        }
        PrecompileResult ok = new AltBn128Add().run(concat(BN_G1, BN_G1));
        assertNull(ok.error());
        assertNotNull(ok.output());
    }
}
