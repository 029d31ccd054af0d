package io.cqt.refiner.evm.code;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cqt.refiner.types.Hash;
import java.util.Arrays;

/**
 * Analysed code shared by every worker and every block, keyed by code hash and bounded by total code size, so the
 * JUMPDEST analysis (and the hash check) of a popular contract is done once. Only code whose bytes were checked
 * against its hash is added ({@link #addVerified}); a lookup hands back the cached code only when its bytes equal the
 * ones asked for, so a stand-in for lost code (specimen-format.md, known loss 1) can never be served as, or
 * displace, the real code. Thread-safe.
 */
public final class CodeCache {
    /** The usual bound, in weight (about six times the code bytes held, analyses included). */
    private static final long DEFAULT_WEIGHT = 256L << 20;

    private final Cache<Hash, Code> cache;

    /** A cache of the usual bound: one per process is enough, every executor can share it. */
    public static CodeCache withDefaultBound() {
        return new CodeCache(DEFAULT_WEIGHT);
    }

    public CodeCache(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                // raw and padded bytes, and the interpreter's int per byte (shared by forks that agree on the code)
                .<Hash, Code>weigher((hash, code) -> 64 + code.size() * 6)
                .build();
    }

    /** Adds code the caller has checked hashes to {@code codeHash}; the cached code for it. */
    public Code addVerified(Hash codeHash, byte[] bytes) {
        Code cached = cached(codeHash, bytes);
        if (cached == null) {
            cached = Code.of(bytes, codeHash);
            cache.put(codeHash, cached);
        }
        return cached;
    }

    /** True when these exact bytes are cached under this hash, which means they hash to it. */
    public boolean holds(Hash codeHash, byte[] bytes) {
        return cached(codeHash, bytes) != null;
    }

    /** The cached code when it holds these exact bytes (which then hash to {@code codeHash}), else null. */
    public Code cached(Hash codeHash, byte[] bytes) {
        Code cached = cache.getIfPresent(codeHash);
        return cached != null && sameBytes(cached, bytes) ? cached : null;
    }

    /** The cached code when it holds these bytes, else new (uncached) code for them. */
    public Code get(Hash codeHash, byte[] bytes) {
        Code cached = cache.getIfPresent(codeHash);
        return cached != null && sameBytes(cached, bytes) ? cached : Code.of(bytes, codeHash);
    }

    public long size() {
        return cache.estimatedSize();
    }

    private static boolean sameBytes(Code code, byte[] bytes) {
        return code.raw() == bytes || Arrays.equals(code.raw(), bytes);
    }
}
