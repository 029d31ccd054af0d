package io.cqt.refiner.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide lock that makes one node the leader (the node that owns the journal and runs the listener).
 * {@link #lead} waits for the lock, retrying until it is held, then takes on the role; a role that cannot start
 * (say the journal is still locked by a node that is going away) gives the lock back and waits its turn again.
 * The cluster frees the lock when its holder leaves or dies, and a waiting node then gets it.
 */
public final class Leadership {
    public static final String LOCK = "refiner.leader";
    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final Vertx vertx;
    private final long attemptMillis;
    private final long retryMillis;
    private boolean stopped;
    private Lock held;

    /**
     * @param attemptMillis how long one attempt to take the lock waits
     * @param retryMillis   how long to wait after a role failed to start before trying again
     */
    public Leadership(Vertx vertx, long attemptMillis, long retryMillis) {
        this.vertx = vertx;
        this.attemptMillis = attemptMillis;
        this.retryMillis = retryMillis;
    }

    /** Takes the lock when it can and then starts {@code role}, for as long as {@link #stop} has not been called. */
    public void lead(Supplier<Future<?>> role) {
        vertx.sharedData().getLockWithTimeout(LOCK, attemptMillis).onComplete(ar -> {
            if (ar.failed()) {
                if (!isStopped()) {
                    LOG.debug("leader lock not free yet: {}", ar.cause().getMessage());
                    vertx.setTimer(100, id -> lead(role));
                }
                return;
            }
            if (!hold(ar.result())) {
                return;
            }
            LOG.info("this node leads the cluster: it owns the journal and runs the listener");
            role.get().onFailure(e -> {
                LOG.warn("cannot take on the leader's role, giving the lock back: {}", e.getMessage());
                release();
                vertx.setTimer(retryMillis, id -> {
                    if (!isStopped()) {
                        lead(role);
                    }
                });
            });
        });
    }

    private synchronized boolean hold(Lock lock) {
        if (stopped) {
            lock.release();
            return false;
        }
        held = lock;
        return true;
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** Stops waiting for the lock; a lock already held stays held until {@link #release}. */
    public synchronized void stop() {
        stopped = true;
    }

    /** Frees the lock if held, so another node can lead. */
    public synchronized void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
