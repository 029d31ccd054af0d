package io.cqt.refiner.pipeline;

/**
 * An external service (pinner, evm-server) did not answer, or its breaker is open: the item waits and is tried
 * again, without a failure recorded against it.
 */
public final class ServiceOutageException extends RuntimeException {
    public ServiceOutageException(String service, Throwable cause) {
        super(service + " unavailable: " + Failures.describe(cause), cause);
    }
}
