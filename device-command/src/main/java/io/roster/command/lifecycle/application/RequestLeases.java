package io.roster.command.lifecycle.application;

import io.roster.command.lifecycle.application.IdempotencyStore.Lease;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Carries the {@code Idempotency-Key} lease of the request a thread serves to the commands it sends, as command
 * meta data, so that {@link CommitMarks} can mark the key committed with the command. Commands of a
 * {@link AdditionBatcher batch} come from several requests: each addition carries its own request's lease.
 * Neither travels into events (only Axon's correlation data does).
 */
public final class RequestLeases {

    /** Meta data of a command sent for one request: its lease. */
    static final String LEASE = "roster-idempotency-lease";
    /** Meta data of a batch of additions: the lease of each addition's request (null for none), in order. */
    static final String ADDITION_LEASES = "roster-idempotency-addition-leases";

    private static final ThreadLocal<Lease> CURRENT = new ThreadLocal<>();

    private RequestLeases() {
    }

    /** The current thread serves the request holding {@code lease} until the returned hold is closed. */
    public static Hold hold(Lease lease) {
        CURRENT.set(lease);
        return CURRENT::remove;
    }

    /** The lease of the request the current thread serves, or null. */
    static Lease current() {
        return CURRENT.get();
    }

    /** The meta data that gives each addition of a batch its own request's lease (empty when none has one). */
    static Map<String, ?> forAdditions(List<Lease> leases) {
        return leases.stream().allMatch(Objects::isNull) ? Map.of()
                : Map.of(ADDITION_LEASES, leases);
    }

    /** Stamps a command sent by a thread serving a leased request with that lease, unless it carries leases already. */
    public static MessageDispatchInterceptor<CommandMessage<?>> stamping() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                    List<? extends CommandMessage<?>> messages) {
                return (index, message) -> {
                    Lease lease = CURRENT.get();
                    if (lease == null || message.getMetaData().containsKey(LEASE)
                            || message.getMetaData().containsKey(ADDITION_LEASES)) {
                        return message;
                    }
                    return message.andMetaData(Map.of(LEASE, lease));
                };
            }
        };
    }

    /** A thread's hold on a lease; closing it ends the hold. */
    @FunctionalInterface
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
