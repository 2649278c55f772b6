package io.roster.command.lifecycle.application;

import io.roster.command.lifecycle.application.IdempotencyStore.Lease;
import io.roster.command.lifecycle.domain.AdditionOutcome;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Marks the {@code Idempotency-Key} of every request whose command succeeded as committed, within the command's
 * unit of work ({@link RequestLeases} brings the leases). A batch of additions marks only the keys of the
 * additions that were applied; a refused one is answered and remembered like any refusal.
 * <p>
 * When the store shares the command's transaction (PostgreSQL), the mark is written in it, before the events:
 * it commits if and only if they do, and a key taken over by a retry rolls the command back. Otherwise
 * (MongoDB) the lease is renewed before the events are stored, refusing the command when it was taken over, and
 * the mark follows the commit; docs/architecture.md ("Idempotency") states the window this leaves.
 */
public final class CommitMarks implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(CommitMarks.class);

    private final IdempotencyStore store;
    private final Clock clock;
    private final Duration lease;

    public CommitMarks(IdempotencyStore store, Clock clock, Duration lease) {
        this.store = store;
        this.clock = clock;
        this.lease = lease;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        List<Lease> applied = applied(unitOfWork.getMessage(), result);
        if (applied.isEmpty()) {
            return result;
        }
        // the answer is stored right after the commit: a retry meanwhile is told to wait for it
        Instant leaseUntil = clock.instant().plus(lease);
        if (store.sharesCommandTransaction()) {
            applied.forEach(held -> store.markCommitted(held, leaseUntil));
        } else {
            applied.forEach(held -> store.renew(held, leaseUntil));
            unitOfWork.afterCommit(u -> applied.forEach(held -> markAfterCommit(held, leaseUntil)));
        }
        return result;
    }

    /** The leases of the requests whose part of the command took effect. */
    static List<Lease> applied(CommandMessage<?> message, Object result) {
        if (message.getMetaData().get(RequestLeases.LEASE) instanceof Lease single) {
            return List.of(single);
        }
        List<Lease> applied = new ArrayList<>();
        if (message.getMetaData().get(RequestLeases.ADDITION_LEASES) instanceof List<?> leases
                && result instanceof List<?> outcomes) {
            for (int i = 0; i < leases.size() && i < outcomes.size(); i++) {
                if (leases.get(i) instanceof Lease held && outcomes.get(i) instanceof AdditionOutcome outcome
                        && outcome.refusal() == null) {
                    applied.add(held);
                }
            }
        }
        return applied;
    }

    private void markAfterCommit(Lease held, Instant leaseUntil) {
        try {
            store.markCommitted(held, leaseUntil);
        } catch (RuntimeException e) {
            // the events are stored; the answer, stored next, still makes retries replay it
            log.warn("could not mark an Idempotency-Key committed after its command committed: {}", e.toString());
        }
    }
}
