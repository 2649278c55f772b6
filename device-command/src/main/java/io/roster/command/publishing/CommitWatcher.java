package io.roster.command.publishing;

import io.roster.contract.event.RosterEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.time.Instant;

/**
 * Tells the publisher which events this instance committed, as they commit (a subscribing processor, in the
 * command's thread), so that it can publish an aggregate's last events when the event store's stream skipped
 * them and no later event of the aggregate shows the gap.
 */
@ProcessingGroup(CommitWatcher.PROCESSING_GROUP)
public class CommitWatcher {

    public static final String PROCESSING_GROUP = "kafka-publisher-commits";

    private final KafkaEventPublisher publisher;

    CommitWatcher(KafkaEventPublisher publisher) {
        this.publisher = publisher;
    }

    @EventHandler
    void on(RosterEvent event, DomainEventMessage<?> message) {
        String aggregateId = message.getAggregateIdentifier();
        long sequence = message.getSequenceNumber();
        Instant stamped = message.getTimestamp();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(u -> publisher.committed(aggregateId, sequence, stamped));
        } else {
            publisher.committed(aggregateId, sequence, stamped);
        }
    }
}
