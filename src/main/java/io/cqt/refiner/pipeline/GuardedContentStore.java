package io.cqt.refiner.pipeline;

import io.cqt.refiner.ipfs.Cid;
import io.cqt.refiner.ipfs.ContentMismatchException;
import io.cqt.refiner.ipfs.ContentNotFoundException;
import io.cqt.refiner.ipfs.ContentStore;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.core.Future;
import java.nio.file.Path;

/**
 * A remote content store behind its circuit breaker (one per store, created once by the caller). Answers about the
 * content itself (not found, wrong bytes) are not outages and do not count against the breaker; while it is open
 * calls fail at once with {@link io.vertx.circuitbreaker.OpenCircuitException} and the caller waits.
 */
public final class GuardedContentStore implements ContentStore {
    private final ContentStore store;
    private final CircuitBreaker breaker;

    public GuardedContentStore(ContentStore store, CircuitBreaker breaker) {
        this.store = store;
        this.breaker = breaker.failurePolicy(GuardedContentStore::isOutage);
    }

    private static boolean isOutage(Future<?> call) {
        return call.failed() && !(call.cause() instanceof ContentNotFoundException
                || call.cause() instanceof ContentMismatchException);
    }

    /** Outages (including an open breaker) become {@link ServiceOutageException}; answers pass unchanged. */
    private <T> Future<T> guarded(Future<T> call) {
        return call.recover(failure -> Future.failedFuture(isOutage(Future.failedFuture(failure))
                ? new ServiceOutageException(store.toString(), failure) : failure));
    }

    @Override
    public Future<Cid> put(byte[] data) {
        return guarded(breaker.execute(() -> store.put(data)));
    }

    @Override
    public Future<Cid> putFile(Path file) {
        return guarded(breaker.execute(() -> store.putFile(file)));
    }

    @Override
    public Future<byte[]> get(Cid cid) {
        return guarded(breaker.execute(() -> store.get(cid)));
    }

    @Override
    public Future<Boolean> has(Cid cid) {
        return guarded(breaker.execute(() -> store.has(cid)));
    }

    @Override
    public Future<Health> health() {
        return store.health().map(health -> new Health(health.healthy(),
                health.detail() + ", breaker " + breaker.state()));
    }
}
