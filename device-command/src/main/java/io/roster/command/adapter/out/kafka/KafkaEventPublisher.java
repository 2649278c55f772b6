package io.roster.command.adapter.out.kafka;

import io.roster.contract.event.RosterEvent;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.contract.stream.EventTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every event of the event store to the topic, exactly once.
 *
 * <p>It runs in the tracking processor {@value #PROCESSING_GROUP}, which reads the event store in
 * order and in batches. Records are sent asynchronously; {@link PublishingTokenStore} calls
 * {@link #awaitAcknowledgements()} before the processor's token may move, so the token never gets
 * ahead of what Kafka acknowledged (nothing lost). After a restart or a failed batch, the processor
 * hands out again the events after its last token; {@link PublishedTail} tells which of them Kafka
 * already has, and those are skipped (nothing doubled).
 */
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;
    private final String topic;
    private final String region;
    private final PublishedTail tail;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    /** Highest published sequence per aggregate; null until read from the topic's tail. */
    private volatile Map<String, Long> published;

    KafkaEventPublisher(Producer<String, byte[]> producer, EventCodec codec, String topic, String region,
                        PublishedTail tail) {
        this.producer = producer;
        this.codec = codec;
        this.topic = topic;
        this.region = region;
        this.tail = tail;
    }

    @EventHandler
    void on(RosterEvent event, DomainEventMessage<?> message) {
        Map<String, Long> known = publishedSoFar();
        String aggregateId = message.getAggregateIdentifier();
        long sequence = message.getSequenceNumber();
        Long last = known.get(aggregateId);
        if (last != null && sequence <= last) {
            return;
        }
        EventEnvelope envelope = codec.envelope(message.getIdentifier(), aggregateId, sequence,
                message.getTimestamp(), region, event);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null,
                message.getTimestamp().toEpochMilli(), event.productKey(), codec.encode(envelope));
        record.headers()
                .add(new RecordHeader(EventTopic.HEADER_TYPE, bytes(envelope.type())))
                .add(new RecordHeader(EventTopic.HEADER_REGION, bytes(region)))
                .add(new RecordHeader(EventTopic.HEADER_AGGREGATE_ID, bytes(aggregateId)))
                .add(new RecordHeader(EventTopic.HEADER_SEQUENCE, bytes(Long.toString(sequence))));
        synchronized (pending) {
            pending.add(producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    known.merge(aggregateId, sequence, Math::max);
                }
            }));
        }
    }

    /**
     * Blocks until Kafka acknowledged every record sent so far. On failure the tail is read again before
     * the next event, since some of the failed batch may have been written.
     */
    void awaitAcknowledgements() {
        List<Future<RecordMetadata>> sent;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            sent = new ArrayList<>(pending);
            pending.clear();
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            published = null;
            throw new IllegalStateException("Kafka did not acknowledge published events; the batch is retried", e);
        } catch (InterruptedException e) {
            published = null;
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private Map<String, Long> publishedSoFar() {
        Map<String, Long> known = published;
        if (known == null) {
            known = new ConcurrentHashMap<>(tail.highestSequences());
            log.info("read the tail of {}: {} aggregates already published", topic, known.size());
            published = known;
        }
        return known;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
