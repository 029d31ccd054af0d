package io.cqt.refiner.pipeline;

import io.cqt.refiner.logging.SafeText;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** Failure codes stages reply with, and how a failure reads in the journal. */
final class Failures {
    /** The item can never succeed as it is (corrupt specimen, unexplained mismatch): abort it. */
    static final int ABORT = 1;
    /** The item cannot go on now (I/O, an outage): leave it where it is and try again later. */
    static final int RETRY = 2;
    /** Proving is stopped (operator not registered or not staked, wrong chain): items stay queued. */
    static final int FATAL = 3;
    /** An external service is out ({@link ServiceOutageException}): wait, record nothing against the item. */
    static final int OUTAGE = 4;

    /** The reply code for a transient failure: {@link #OUTAGE} for an outage, else {@link #RETRY}. */
    static int transientCode(Throwable failure) {
        return failure instanceof ServiceOutageException ? OUTAGE : RETRY;
    }

    private Failures() {
    }

    static boolean isAbort(Throwable failure) {
        return failure instanceof AbortException
                || failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && reply.failureCode() == ABORT;
    }

    static boolean hasCode(Throwable failure, int code) {
        return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && reply.failureCode() == code;
    }

    /** Raised outside a stage for an item that can never succeed as it is. */
    static final class AbortException extends RuntimeException {
        AbortException(String message) {
            super(message);
        }
    }

    /** One line naming what failed. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName()
                : SafeText.line(message.strip());
    }
}
