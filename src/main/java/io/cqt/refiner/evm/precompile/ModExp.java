package io.cqt.refiner.evm.precompile;

import java.math.BigInteger;

/**
 * 0x05 MODEXP (EIP-198): {@code base^exp mod m}. Input is three 32-byte lengths then base, exponent and modulus,
 * zero-padded past the end of the input. Pricing is EIP-2565 up to Prague; Osaka applies EIP-7823 (each length at
 * most 1024 bytes, or the call fails) and EIP-7883 pricing.
 */
public final class ModExp implements Precompile {
    /** How gas is priced and what bounds apply. */
    public enum Rules {
        /** EIP-2565 (Berlin to Prague). */
        EIP2565(200, 8),
        /** EIP-7823 bounds plus EIP-7883 pricing (Osaka). */
        OSAKA(500, 16);

        private final long minimumGas;
        private final long bitsPerExtraExponentByte;

        Rules(long minimumGas, long bitsPerExtraExponentByte) {
            this.minimumGas = minimumGas;
            this.bitsPerExtraExponentByte = bitsPerExtraExponentByte;
        }
    }

    /** EIP-7823: the largest base, exponent or modulus length accepted from Osaka on. */
    static final long OSAKA_MAX_LENGTH = 1024;

    /**
     * Lengths above this cannot be paid for under any mainnet gas limit (the exponent term alone exceeds 8·2^25/3
     * gas), so {@link #run} refuses them rather than allocating: run must stay safe even if called unpaid.
     */
    private static final long MAX_PAYABLE_LENGTH = 1L << 25;

    /**
     * Not a geth text, as geth has no such refusal. A call with these lengths stops at the gas check before {@link
     * #run}, with out of gas in geth as here; only a caller running it unpaid sees this, so it says the same.
     */
    private static final PrecompileResult UNPAYABLE = PrecompileResult.failure("out of gas");

    private static final int HEADER = 96;

    private final Rules rules;

    public ModExp(Rules rules) {
        this.rules = rules;
    }

    @Override
    public String name() {
        return "MODEXP";
    }

    @Override
    public long gas(byte[] input) {
        long baseLength = PrecompileInput.wordAsLong(input, 0);
        long expLength = PrecompileInput.wordAsLong(input, 32);
        long modLength = PrecompileInput.wordAsLong(input, 64);
        long complexity = multiplicationComplexity(Math.max(baseLength, modLength));
        long iterations = Math.max(iterationCount(input, baseLength, expLength), 1);
        long gas = PrecompileInput.saturatedMultiply(complexity, iterations);
        if (rules == Rules.EIP2565 && gas != Long.MAX_VALUE) {
            gas /= 3;
        }
        return Math.max(rules.minimumGas, gas);
    }

    private long multiplicationComplexity(long maxLength) {
        long words = maxLength == Long.MAX_VALUE ? Long.MAX_VALUE : (maxLength + 7) >>> 3;
        if (rules == Rules.EIP2565) {
            return PrecompileInput.saturatedMultiply(words, words);
        }
        // EIP-7883: at least 16, doubled quadratic cost above 32 bytes.
        return maxLength <= 32 ? 16 : PrecompileInput.saturatedMultiply(2, PrecompileInput.saturatedMultiply(words, words));
    }

    /** EIP-2565's iteration count (before the floor of 1), from the exponent's first 32 bytes and its length. */
    private long iterationCount(byte[] input, long baseLength, long expLength) {
        long expOffset = PrecompileInput.saturatedAdd(HEADER, baseLength);
        int headLength = (int) Math.min(expLength, 32);
        int headBits = PrecompileInput.unsigned(input, expOffset, headLength).bitLength();
        long headPart = headBits > 0 ? headBits - 1 : 0;
        if (expLength <= 32) {
            return headPart;
        }
        long lengthPart = PrecompileInput.saturatedMultiply(rules.bitsPerExtraExponentByte, expLength - 32);
        return PrecompileInput.saturatedAdd(lengthPart, headPart);
    }

    @Override
    public PrecompileResult run(byte[] input) {
        long baseLength = PrecompileInput.wordAsLong(input, 0);
        long expLength = PrecompileInput.wordAsLong(input, 32);
        long modLength = PrecompileInput.wordAsLong(input, 64);
        if (rules == Rules.OSAKA
                && (baseLength > OSAKA_MAX_LENGTH || expLength > OSAKA_MAX_LENGTH || modLength > OSAKA_MAX_LENGTH)) {
            return PrecompileFailures.MODEXP_LENGTH_OVER_1024;
        }
        if (modLength == 0) {
            // Nothing to return; base and exponent are never read (their lengths may be absurd).
            return PrecompileResult.success(new byte[0]);
        }
        if (baseLength > MAX_PAYABLE_LENGTH || expLength > MAX_PAYABLE_LENGTH || modLength > MAX_PAYABLE_LENGTH) {
            return UNPAYABLE;
        }
        BigInteger base = PrecompileInput.unsigned(input, HEADER, (int) baseLength);
        BigInteger exp = PrecompileInput.unsigned(input, HEADER + baseLength, (int) expLength);
        BigInteger mod = PrecompileInput.unsigned(input, HEADER + baseLength + expLength, (int) modLength);
        BigInteger result = mod.signum() == 0 ? BigInteger.ZERO : base.modPow(exp, mod);
        return PrecompileResult.success(PrecompileInput.leftPad(result, (int) modLength));
    }
}
