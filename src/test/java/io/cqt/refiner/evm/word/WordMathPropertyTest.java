package io.cqt.refiner.evm.word;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every limb operation against a BigInteger model of the Yellow Paper's definition, over edge values and a bounded
 * number of seeded random words (mixtures of full-width, short and sign-boundary values, which reach the carry and
 * Knuth-division correction paths).
 */
class WordMathPropertyTest {
    private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger MASK = MOD.subtract(BigInteger.ONE);
    private static final int TRIES = 4000;

    private final Random random = new Random(20240601L);
    private final long[] t = new long[WordMath.SCRATCH];

    private BigInteger randomWord() {
        return switch (random.nextInt(8)) {
            case 0 -> BigInteger.valueOf(random.nextInt(4));
            case 1 -> new BigInteger(64, random);
            case 2 -> new BigInteger(128, random);
            case 3 -> MASK.subtract(new BigInteger(random.nextInt(200) + 1, random)).and(MASK);
            case 4 -> BigInteger.ONE.shiftLeft(random.nextInt(256)).subtract(BigInteger.valueOf(random.nextInt(3)))
                    .and(MASK);
            case 5 -> new BigInteger(random.nextInt(256) + 1, random);
            // limbs of all-ones or zeros: the carry chains and qhat = B-1 cases
            case 6 -> {
                BigInteger v = BigInteger.ZERO;
                for (int k = 0; k < 4; k++) {
                    v = v.shiftLeft(64).or(random.nextBoolean() ? BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)
                            : BigInteger.valueOf(random.nextInt(2)));
                }
                yield v;
            }
            default -> new BigInteger(256, random);
        };
    }

    private List<BigInteger> edges() {
        List<BigInteger> e = new ArrayList<>();
        for (BigInteger v : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, MASK,
                MASK.subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(255).subtract(
                BigInteger.ONE), BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), BigInteger.valueOf(31),
                BigInteger.valueOf(32), BigInteger.valueOf(255), BigInteger.valueOf(256)}) {
            e.add(v);
        }
        return e;
    }

    private static void put(long[] w, int i, BigInteger v) {
        for (int k = 0; k < 4; k++) {
            w[i + 3 - k] = v.shiftRight(64 * k).longValue();
        }
    }

    private static BigInteger get(long[] w, int i) {
        BigInteger v = BigInteger.ZERO;
        for (int k = 0; k < 4; k++) {
            v = v.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(w[i + k])));
        }
        return v;
    }

    private static BigInteger signed(BigInteger v) {
        return v.testBit(255) ? v.subtract(MOD) : v;
    }

    private static BigInteger unsigned(BigInteger v) {
        return v.mod(MOD);
    }

    private interface Op2 {
        void apply(long[] w, int a, int b);
    }

    private interface Op3 {
        void apply(long[] w, int a, int b, int c);
    }

    private void checkBinary(String name, Op2 op, BinaryOperator<BigInteger> model) {
        List<BigInteger[]> cases = new ArrayList<>();
        for (BigInteger a : edges()) {
            for (BigInteger b : edges()) {
                cases.add(new BigInteger[] {a, b});
            }
        }
        for (int i = 0; i < TRIES; i++) {
            cases.add(new BigInteger[] {randomWord(), randomWord()});
        }
        long[] w = new long[12];
        for (BigInteger[] c : cases) {
            put(w, 4, c[0]); // a sits above b, as on the stack
            put(w, 0, c[1]);
            op.apply(w, 4, 0);
            assertEquals(model.apply(c[0], c[1]), get(w, 0), () -> name + "(" + c[0].toString(16) + ", "
                    + c[1].toString(16) + ")");
            assertEquals(c[0], get(w, 4), () -> name + " must leave its top operand intact");
        }
    }

    private void checkTernary(String name, Op3 op, TernaryModel model) {
        long[] w = new long[12];
        List<BigInteger[]> cases = new ArrayList<>();
        for (BigInteger a : edges()) {
            for (BigInteger n : edges()) {
                cases.add(new BigInteger[] {a, MASK, n});
                cases.add(new BigInteger[] {a, a, n});
            }
        }
        for (int i = 0; i < TRIES; i++) {
            cases.add(new BigInteger[] {randomWord(), randomWord(), randomWord()});
        }
        for (BigInteger[] c : cases) {
            put(w, 8, c[0]);
            put(w, 4, c[1]);
            put(w, 0, c[2]);
            op.apply(w, 8, 4, 0);
            assertEquals(model.apply(c[0], c[1], c[2]), get(w, 0), () -> name + "(" + c[0].toString(16) + ", "
                    + c[1].toString(16) + ", " + c[2].toString(16) + ")");
        }
    }

    private interface TernaryModel {
        BigInteger apply(BigInteger a, BigInteger b, BigInteger n);
    }

    private static BigInteger bool(boolean b) {
        return b ? BigInteger.ONE : BigInteger.ZERO;
    }

    @Test
    void addSubMul() {
        checkBinary("add", WordMath::add, (a, b) -> a.add(b).and(MASK));
        checkBinary("sub", WordMath::sub, (a, b) -> unsigned(a.subtract(b)));
        checkBinary("mul", WordMath::mul, (a, b) -> a.multiply(b).and(MASK));
    }

    @Test
    void unsignedDivision() {
        checkBinary("div", (w, a, b) -> WordMath.div(w, a, b, t),
                (a, b) -> b.signum() == 0 ? BigInteger.ZERO : a.divide(b));
        checkBinary("mod", (w, a, b) -> WordMath.mod(w, a, b, t),
                (a, b) -> b.signum() == 0 ? BigInteger.ZERO : a.mod(b));
    }

    @Test
    void signedDivision() {
        checkBinary("sdiv", (w, a, b) -> WordMath.sdiv(w, a, b, t),
                (a, b) -> b.signum() == 0 ? BigInteger.ZERO : unsigned(signed(a).divide(signed(b))));
        // BigInteger.remainder takes the dividend's sign, as SMOD does.
        checkBinary("smod", (w, a, b) -> WordMath.smod(w, a, b, t),
                (a, b) -> b.signum() == 0 ? BigInteger.ZERO : unsigned(signed(a).remainder(signed(b))));
    }

    @Test
    void modularArithmetic() {
        checkTernary("addmod", (w, a, b, n) -> WordMath.addmod(w, a, b, n, t),
                (a, b, n) -> n.signum() == 0 ? BigInteger.ZERO : a.add(b).mod(n));
        checkTernary("mulmod", (w, a, b, n) -> WordMath.mulmod(w, a, b, n, t),
                (a, b, n) -> n.signum() == 0 ? BigInteger.ZERO : a.multiply(b).mod(n));
    }

    @Test
    void exponentiation() {
        checkBinary("exp", (w, a, b) -> WordMath.exp(w, a, b, t), (a, b) -> a.modPow(b, MOD));
    }

    @Test
    void signExtend() {
        checkBinary("signextend", WordMath::signextend, (b, x) -> {
            if (b.compareTo(BigInteger.valueOf(31)) >= 0) {
                return x;
            }
            int bit = b.intValue() * 8 + 7;
            BigInteger low = x.and(BigInteger.ONE.shiftLeft(bit + 1).subtract(BigInteger.ONE));
            return x.testBit(bit) ? low.or(MASK.xor(BigInteger.ONE.shiftLeft(bit + 1).subtract(BigInteger.ONE)))
                    : low;
        });
    }

    @Test
    void comparisons() {
        checkBinary("lt", WordMath::lt, (a, b) -> bool(a.compareTo(b) < 0));
        checkBinary("gt", WordMath::gt, (a, b) -> bool(a.compareTo(b) > 0));
        checkBinary("slt", WordMath::slt, (a, b) -> bool(signed(a).compareTo(signed(b)) < 0));
        checkBinary("sgt", WordMath::sgt, (a, b) -> bool(signed(a).compareTo(signed(b)) > 0));
        checkBinary("eq", WordMath::eq, (a, b) -> bool(a.equals(b)));
    }

    @Test
    void bitwise() {
        checkBinary("and", WordMath::and, BigInteger::and);
        checkBinary("or", WordMath::or, BigInteger::or);
        checkBinary("xor", WordMath::xor, BigInteger::xor);
        checkBinary("byte", WordMath::byteOp, (i, x) -> i.compareTo(BigInteger.valueOf(32)) >= 0 ? BigInteger.ZERO
                : x.shiftRight(8 * (31 - i.intValue())).and(BigInteger.valueOf(255)));
    }

    @Test
    void shifts() {
        BigInteger limit = BigInteger.valueOf(256);
        checkBinary("shl", WordMath::shl, (n, v) -> n.compareTo(limit) >= 0 ? BigInteger.ZERO
                : v.shiftLeft(n.intValue()).and(MASK));
        checkBinary("shr", WordMath::shr, (n, v) -> n.compareTo(limit) >= 0 ? BigInteger.ZERO
                : v.shiftRight(n.intValue()));
        checkBinary("sar", WordMath::sar, (n, v) -> unsigned(signed(v).shiftRight(n.compareTo(limit) >= 0 ? 256
                : n.intValue())));
    }

    @Test
    void unaryOps() {
        long[] w = new long[4];
        List<BigInteger> values = new ArrayList<>(edges());
        for (int i = 0; i < TRIES; i++) {
            values.add(randomWord());
        }
        for (BigInteger v : values) {
            put(w, 0, v);
            WordMath.not(w, 0);
            assertEquals(v.xor(MASK), get(w, 0), () -> "not " + v.toString(16));
            put(w, 0, v);
            WordMath.iszero(w, 0);
            assertEquals(bool(v.signum() == 0), get(w, 0));
            put(w, 0, v);
            WordMath.clz(w, 0);
            assertEquals(BigInteger.valueOf(256 - v.bitLength()), get(w, 0), () -> "clz " + v.toString(16));
            put(w, 0, v);
            assertEquals((v.bitLength() + 7) / 8, WordMath.byteLength(w, 0));
        }
    }

    @Test
    void bytesRoundTrip() {
        long[] w = new long[4];
        for (int i = 0; i < 200; i++) {
            BigInteger v = randomWord();
            byte[] b = new byte[32];
            put(w, 0, v);
            WordMath.toBytes32(w, 0, b, 0);
            assertEquals(v, new BigInteger(1, b));
            int len = random.nextInt(33);
            WordMath.fromBytes(w, 0, b, 32 - len, len);
            assertEquals(len == 0 ? BigInteger.ZERO : new BigInteger(1, java.util.Arrays.copyOfRange(b, 32 - len, 32)),
                    get(w, 0));
        }
    }

    @Test
    void readsEveryLengthAtEveryOffsetLikePushDoes() {
        long[] w = new long[8];
        byte[] code = new byte[80];
        for (int round = 0; round < 20; round++) {
            random.nextBytes(code);
            for (int len = 0; len <= 32; len++) {
                for (int off = 0; off + len <= code.length; off++) {
                    java.util.Arrays.fill(w, -1L); // stale limbs must be overwritten
                    WordMath.fromBytes(w, 4, code, off, len);
                    BigInteger expected = len == 0 ? BigInteger.ZERO
                            : new BigInteger(1, java.util.Arrays.copyOfRange(code, off, off + len));
                    assertEquals(expected, get(w, 4), "len " + len + " at " + off);
                    assertEquals(-1L, w[3], "wrote below the word");
                }
            }
        }
    }
}
