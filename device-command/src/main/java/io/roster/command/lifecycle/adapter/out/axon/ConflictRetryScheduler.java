package io.roster.command.lifecycle.adapter.out.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Retries a command that lost a race for its aggregate with another device-command instance (the event store
 * refused its events: {@link ConcurrencyException}), after a short randomized pause that doubles with each try.
 * Nothing else is retried: a domain refusal or an infrastructure failure goes to the caller at once. When every try
 * lost, the caller gets the conflict (the API answers 503 {@code CONCURRENT_CHANGE}).
 */
public final class ConflictRetryScheduler implements RetryScheduler {

    private final ScheduledExecutorService executor;
    private final int maxRetries;
    private final long firstPauseMillis;

    public ConflictRetryScheduler(ScheduledExecutorService executor, int maxRetries, long firstPauseMillis) {
        this.executor = executor;
        this.maxRetries = maxRetries;
        this.firstPauseMillis = firstPauseMillis;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (!isConflict(lastFailure) || failures.size() > maxRetries) {
            return false;
        }
        long pause = firstPauseMillis << Math.min(failures.size() - 1, 10);
        long jittered = pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1);
        executor.schedule(commandDispatch, jittered, TimeUnit.MILLISECONDS);
        return true;
    }

    /** Whether the failure, or one of its causes, is a lost race for the aggregate. */
    public static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }
}
