package io.cqt.refiner.evm.code;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cqt.refiner.types.Hash;
import java.util.function.Supplier;

/**
 * Analysed code shared by every worker, keyed by code hash and bounded by total code size, so the JUMPDEST analysis
 * of a popular contract is done once. Thread-safe.
 */
public final class CodeCache {
    private final Cache<Hash, Code> cache;

    public CodeCache(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .<Hash, Code>weigher((hash, code) -> 64 + code.size() * 2)
                .build();
    }

    /** The cached code for this hash, or the supplier's, which is then cached. */
    public Code get(Hash codeHash, Supplier<byte[]> bytes) {
        return cache.get(codeHash, h -> Code.of(bytes.get(), h));
    }

    public long size() {
        return cache.estimatedSize();
    }
}
