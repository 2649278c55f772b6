package io.roster.command.lifecycle.application;

import io.roster.command.lifecycle.application.IdempotencyStore.Lease;
import io.roster.command.lifecycle.domain.AddDeviceCommand;
import io.roster.command.lifecycle.domain.AddDevicesCommand;
import io.roster.command.lifecycle.domain.AdditionOutcome;
import io.roster.command.lifecycle.domain.DeviceAddition;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Group commit for device additions: concurrent adds to the same product go to the aggregate as one
 * {@link AddDevicesCommand}, so they share one aggregate lock, one unit of work and one database transaction
 * instead of queueing for the product's lock one by one.
 * <p>
 * Nothing is weakened: every addition is still decided by the aggregate in arrival order, each caller gets its
 * own answer (added, or refused with its own reason), and a caller is answered only after the transaction holding
 * its event committed. If the transaction fails, every caller of the batch gets the failure and nothing of the
 * batch was stored. Each addition carries the {@code Idempotency-Key} lease of its own request
 * ({@link RequestLeases}), so every applied one marks its own key committed.
 * <p>
 * No thread of its own: callers queue per product; the caller at the head of the queue takes up to
 * {@code maxBatch} additions (its own first), sends them, hands the turn to the next head, and returns. A lone
 * add is a batch of one, with no waiting for company.
 */
final class AdditionBatcher {

    private final CommandGateway commands;
    private final int maxBatch;
    private final ConcurrentMap<String, Lane> lanes = new ConcurrentHashMap<>();

    AdditionBatcher(CommandGateway commands, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1");
        }
        this.commands = commands;
        this.maxBatch = maxBatch;
    }

    /** Adds the device (batched with concurrent adds to its product); throws what the aggregate refused it with. */
    DeviceAddition add(AddDeviceCommand command) {
        Pending mine = new Pending(command);
        Lane lane = lanes.compute(command.productKey(), (key, existing) -> existing == null ? new Lane(key) : existing);
        lane.enqueue(mine);
        // waits for the outcome or the turn to send; a failed outcome is thrown below, unwrapped
        CompletableFuture.anyOf(mine.outcome, mine.turn).exceptionally(failure -> null).join();
        if (!mine.outcome.isDone()) {
            lane.sendBatch();
        }
        AdditionOutcome outcome;
        try {
            outcome = mine.outcome.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.addition();
    }

    /** Additions queued for the product and not yet sent (for tests). */
    int waiting(String productKey) {
        Lane lane = lanes.get(productKey);
        if (lane == null) {
            return 0;
        }
        synchronized (lane) {
            return lane.queue.size();
        }
    }

    /**
     * One waiting addition: its request's lease (taken on the caller's thread; another caller may send it), its
     * outcome, and the signal that it is at the head of the queue and sends next.
     */
    private static final class Pending {
        final AddDeviceCommand command;
        final Lease lease = RequestLeases.current();
        final CompletableFuture<AdditionOutcome> outcome = new CompletableFuture<>();
        final CompletableFuture<Void> turn = new CompletableFuture<>();

        Pending(AddDeviceCommand command) {
            this.command = command;
        }
    }

    /** The queue of one product. Invariant: while {@code sending}, the head of the queue (if any) will be signalled. */
    private final class Lane {
        private final String productKey;
        private final ArrayDeque<Pending> queue = new ArrayDeque<>();
        private boolean sending;

        Lane(String productKey) {
            this.productKey = productKey;
        }

        synchronized void enqueue(Pending pending) {
            queue.addLast(pending);
            if (!sending) {
                sending = true;
                pending.turn.complete(null);
            }
        }

        /** Called by the head of the queue: sends it and those behind it, then passes the turn on. */
        void sendBatch() {
            List<Pending> batch = new ArrayList<>(Math.min(maxBatch, 64));
            synchronized (this) {
                while (batch.size() < maxBatch && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
            }
            try {
                List<AddDeviceCommand> additions = batch.stream().map(p -> p.command).toList();
                List<Lease> leases = batch.stream().map(p -> p.lease).toList();
                List<AdditionOutcome> outcomes = commands.sendAndWait(GenericCommandMessage
                        .asCommandMessage(new AddDevicesCommand(productKey, additions))
                        .andMetaData(RequestLeases.forAdditions(leases)));
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).outcome.complete(outcomes.get(i));
                }
            } catch (RuntimeException e) {
                batch.forEach(p -> p.outcome.completeExceptionally(e));
            } finally {
                passTurn();
            }
        }

        private void passTurn() {
            synchronized (this) {
                Pending next = queue.peekFirst();
                if (next != null) {
                    next.turn.complete(null);
                    return;
                }
                sending = false;
            }
            // idle: forget the lane unless someone queued meanwhile (they hold it and will find sending == false)
            lanes.computeIfPresent(productKey, (key, lane) -> lane == this && isIdle() ? null : lane);
        }

        private synchronized boolean isIdle() {
            return !sending && queue.isEmpty();
        }
    }
}
