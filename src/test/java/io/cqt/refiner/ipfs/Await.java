package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread on a future, bounded so that a hang fails the test instead of stalling the build. */
final class Await {
    private Await() {
    }

    static <T> T result(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The failure of a future that must fail, or an assertion error if it succeeds or never completes. */
    static Throwable failure(Future<?> future) throws InterruptedException, TimeoutException {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
