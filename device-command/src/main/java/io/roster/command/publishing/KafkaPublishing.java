package io.roster.command.publishing;

import io.roster.contract.stream.EventCodec;
import org.apache.kafka.clients.producer.Producer;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Duration;

/** Builds the publisher and the token store that keeps it honest, keeping their internals package-private. */
public final class KafkaPublishing {

    private KafkaPublishing() {
    }

    public static KafkaEventPublisher publisher(Producer<String, byte[]> producer, EventCodec codec,
                                               String bootstrapServers, String topic, String region,
                                               int tailScanRecords, EventStore eventStore,
                                               Duration stragglerAfter, Runnable ensureTopic) {
        return new KafkaEventPublisher(producer, codec, topic, region,
                new PublishedTail(bootstrapServers, topic, tailScanRecords), eventStore, stragglerAfter, ensureTopic);
    }

    /** Tells the publisher what this instance commits; register it as a subscribing event handler. */
    public static CommitWatcher commitWatcher(KafkaEventPublisher publisher) {
        return new CommitWatcher(publisher);
    }

    /** Wraps the processors' token store; without a publisher it is returned as is. */
    public static TokenStore tokenStore(TokenStore store, KafkaEventPublisher publisher) {
        return publisher == null ? store : new PublishingTokenStore(store, publisher);
    }
}
