package io.cqt.refiner.evm.statetest;

import io.cqt.refiner.evm.fork.Fork;
import io.cqt.refiner.evm.precompile.Precompile;
import io.cqt.refiner.evm.precompile.PrecompileResult;
import io.cqt.refiner.evm.precompile.PrecompileSet;
import io.cqt.refiner.types.Address;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/**
 * The few precompiles the interpreter's tests need (the real set is written in {@code evm.precompile} elsewhere):
 * SHA-256 (0x02), RIPEMD-160 (0x03) and identity (0x04), priced as in the Yellow Paper appendix E. The other
 * addresses of the fork are registered so they are warm, but running one throws.
 */
final class TestPrecompiles {
    private TestPrecompiles() {
    }

    static PrecompileSet forFork(Fork fork) {
        Map<Address, Precompile> m = new LinkedHashMap<>();
        m.put(PrecompileSet.address(2), new Simple("sha256", 60, 12) {
            @Override
            public PrecompileResult run(byte[] input) {
                try {
                    return PrecompileResult.success(MessageDigest.getInstance("SHA-256").digest(input));
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException("the JDK lacks SHA-256", e);
                }
            }
        });
        m.put(PrecompileSet.address(3), new Simple("ripemd160", 600, 120) {
            @Override
            public PrecompileResult run(byte[] input) {
                RIPEMD160Digest d = new RIPEMD160Digest();
                d.update(input, 0, input.length);
                byte[] out = new byte[32];
                d.doFinal(out, 12);
                return PrecompileResult.success(out);
            }
        });
        m.put(PrecompileSet.address(4), new Simple("identity", 15, 3) {
            @Override
            public PrecompileResult run(byte[] input) {
                return PrecompileResult.success(input.clone());
            }
        });
        // The rest are present (warm from the start, EIP-2929) but not implemented here: a case that runs one fails.
        int last = fork.isAtLeast(Fork.PRAGUE) ? 0x11 : 0x0a;
        for (int n = 1; n <= last; n++) {
            m.putIfAbsent(PrecompileSet.address(n), new Missing(n));
        }
        return new PrecompileSet(m);
    }

    private record Missing(int number) implements Precompile {
        @Override
        public String name() {
            return "precompile 0x" + Integer.toHexString(number) + " (not in the interpreter's test set)";
        }

        @Override
        public long gas(byte[] input) {
            throw new UnsupportedOperationException(name());
        }

        @Override
        public PrecompileResult run(byte[] input) {
            throw new UnsupportedOperationException(name());
        }
    }

    private abstract static class Simple implements Precompile {
        private final String name;
        private final long base;
        private final long perWord;

        Simple(String name, long base, long perWord) {
            this.name = name;
            this.base = base;
            this.perWord = perWord;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long gas(byte[] input) {
            return base + perWord * ((input.length + 31L) / 32);
        }
    }
}
