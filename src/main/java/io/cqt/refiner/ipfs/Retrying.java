package io.cqt.refiner.ipfs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded retries with exponential backoff for remote stores. Only transient failures are retried: transport errors
 * (connect, reset, timeout) and {@link TransientFailure}s (5xx); a {@link ContentStoreException} such as a CID
 * mismatch fails at once.
 */
final class Retrying {
    private final Vertx vertx;
    private final int attempts;
    private final Duration backoff;

    Retrying(Vertx vertx, int attempts, Duration backoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        this.vertx = vertx;
        this.attempts = attempts;
        this.backoff = backoff;
    }

    /** A failure worth another try (the server said 5xx). */
    static final class TransientFailure extends ContentStoreException {
        TransientFailure(String message) {
            super(message);
        }
    }

    /** Runs the call; {@code where} names the URL in the final error. */
    <T> Future<T> run(String where, Supplier<Future<T>> call) {
        return attempt(where, call, 1);
    }

    private <T> Future<T> attempt(String where, Supplier<Future<T>> call, int number) {
        return call.get().recover(failure -> {
            boolean retryable = failure instanceof TransientFailure || !(failure instanceof ContentStoreException);
            if (!retryable) {
                return Future.failedFuture(failure);
            }
            if (number >= attempts) {
                String reason = failure instanceof ContentStoreException ? failure.getMessage()
                        : where + ": " + describe(failure);
                return Future.failedFuture(new ContentStoreException(
                        reason + (attempts > 1 ? " (gave up after " + attempts + " attempts)" : ""), failure));
            }
            long delay = backoff.toMillis() << (number - 1);
            return vertx.timer(Math.max(1, delay)).compose(ignored -> attempt(where, call, number + 1));
        });
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        String kind = failure.getClass().getSimpleName();
        if (failure instanceof java.util.concurrent.TimeoutException || kind.contains("Timeout")) {
            return "timed out (" + (message == null ? kind : message) + ")";
        }
        return message == null || message.isBlank() ? kind : kind + ": " + message.replace('\n', ' ');
    }
}
