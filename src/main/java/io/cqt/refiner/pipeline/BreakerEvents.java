package io.cqt.refiner.pipeline;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a breaker's state changes on {@link Addresses#BREAKERS} as {@code {name, state}} ({@code OPEN},
 * {@code HALF_OPEN}, {@code CLOSED}) and logs them. By hand: the breaker's own notifications need its optional
 * metrics library.
 */
public final class BreakerEvents {
    private static final Logger LOG = LoggerFactory.getLogger(BreakerEvents.class);

    private BreakerEvents() {
    }

    /** Attaches the publishing handlers to {@code breaker} and returns it. */
    public static CircuitBreaker publishing(Vertx vertx, String name, CircuitBreaker breaker) {
        return breaker
                .openHandler(v -> {
                    LOG.warn("circuit breaker {} open: calls wait", name);
                    publish(vertx, name, CircuitBreakerState.OPEN);
                })
                .halfOpenHandler(v -> {
                    LOG.info("circuit breaker {} half-open: trying one call", name);
                    publish(vertx, name, CircuitBreakerState.HALF_OPEN);
                })
                .closeHandler(v -> {
                    LOG.info("circuit breaker {} closed", name);
                    publish(vertx, name, CircuitBreakerState.CLOSED);
                });
    }

    private static void publish(Vertx vertx, String name, CircuitBreakerState state) {
        vertx.eventBus().publish(Addresses.BREAKERS, new JsonObject().put("name", name).put("state", state.name()));
    }
}
