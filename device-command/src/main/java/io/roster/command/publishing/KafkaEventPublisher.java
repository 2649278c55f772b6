package io.roster.command.publishing;

import io.roster.contract.event.RosterEvent;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.contract.stream.EventRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
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
 * already has, and those are skipped (nothing doubled). Events the stream skipped are noticed by the gap
 * in their aggregate's sequence and published from the event store (see {@link #publishMissed}).
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
    private final EventStore eventStore;
    private final Duration stragglerAfter;
    /** Per aggregate, the events this instance committed that are not known to be published yet. */
    private final Map<String, Committed> committed = new ConcurrentHashMap<>();
    /** The newest timestamp among the events the stream handed out. */
    private volatile Instant latestRead = Instant.EPOCH;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    /** Highest sequence per aggregate published or handed to the producer; null until read from the topic's tail. */
    private volatile Map<String, Long> sent;

    private final Runnable ensureTopic;
    private volatile boolean topicEnsured;

    KafkaEventPublisher(Producer<String, byte[]> producer, EventCodec codec, String topic, String region,
                        PublishedTail tail, EventStore eventStore, Duration stragglerAfter, Runnable ensureTopic) {
        this.ensureTopic = ensureTopic;
        this.producer = producer;
        this.eventStore = eventStore;
        this.stragglerAfter = stragglerAfter;
        this.codec = codec;
        this.topic = topic;
        this.region = region;
        this.tail = tail;
    }

    @EventHandler
    void on(RosterEvent event, DomainEventMessage<?> message) {
        Map<String, Long> handedOut = sentSoFar();
        if (message.getTimestamp().isAfter(latestRead)) {
            latestRead = message.getTimestamp();
        }
        String aggregateId = message.getAggregateIdentifier();
        long sequence = message.getSequenceNumber();
        Long last = handedOut.get(aggregateId);
        if (last != null && sequence <= last) {
            return;
        }
        if (last != null && sequence > last + 1) {
            publishMissed(aggregateId, last + 1, sequence, "the stream skipped events before " + sequence);
        }
        send(event, message);
    }

    /**
     * One aggregate's events commit one after the other, so when event n + k is read, events n + 1 .. n + k - 1
     * are already stored: a reader that skipped them (the MongoDB event store's time-window tracking does
     * when a commit becomes visible later than its look-back) would lose them for good. They are read from
     * the event store by aggregate and published first, in order.
     */
    private void publishMissed(String aggregateId, long from, long before, String noticed) {
        log.warn("{}: publishing events {} to {} of {} read from the event store", noticed, from, before - 1,
                aggregateId);
        long expected = from;
        for (DomainEventMessage<?> m : eventStore.readEvents(aggregateId, from).asStream()
                .takeWhile(m -> m.getSequenceNumber() < before).toList()) {
            if (m.getSequenceNumber() != expected || !(m.getPayload() instanceof RosterEvent event)) {
                break;
            }
            send(event, m);
            expected++;
        }
        if (expected != before) {
            throw new IllegalStateException("cannot fill the gap before event " + before + " of " + aggregateId
                    + ": the event store has no event " + expected + " of it");
        }
    }

    private void send(RosterEvent event, DomainEventMessage<?> message) {
        String aggregateId = message.getAggregateIdentifier();
        long sequence = message.getSequenceNumber();
        EventEnvelope envelope = codec.envelope(message.getIdentifier(), aggregateId, sequence,
                message.getTimestamp(), region, event);
        ProducerRecord<String, byte[]> record = EventRecords.record(topic, envelope, codec);
        synchronized (pending) {
            pending.add(producer.send(record));
        }
        sent.merge(aggregateId, sequence, Math::max);
    }

    /** Called as an event of this instance commits. */
    void committed(String aggregateId, long sequence, Instant stamped) {
        committed.merge(aggregateId, new Committed(sequence, sequence, stamped), Committed::and);
    }

    /**
     * An aggregate's last events have no later event to show their gap when the stream skips them. A committed
     * event stamped more than {@code stragglerAfter} before the newest event the stream handed out is past the
     * stream's look-back: if it is still not published, it is read from the event store and published now.
     * Runs on the processor's thread at the end of each batch.
     */
    private void publishStragglers() {
        if (committed.isEmpty()) {
            return;
        }
        Map<String, Long> handedOut = sentSoFar();
        Instant horizon = latestRead.minus(stragglerAfter);
        for (Map.Entry<String, Committed> entry : committed.entrySet()) {
            String aggregateId = entry.getKey();
            Committed events = entry.getValue();
            Long last = handedOut.get(aggregateId);
            if (last != null && last >= events.last()) {
                committed.remove(aggregateId, events);
            } else if (events.lastStamped().isBefore(horizon)) {
                publishMissed(aggregateId, last == null ? events.first() : last + 1, events.last() + 1,
                        "the stream went past committed events");
                committed.remove(aggregateId, events);
            }
        }
    }

    /** The first and last sequence committed here and not yet seen published, and when the last was stamped. */
    private record Committed(long first, long last, Instant lastStamped) {
        Committed and(Committed later) {
            return later.last > last ? new Committed(Math.min(first, later.first), later.last, later.lastStamped)
                    : new Committed(Math.min(first, later.first), last, lastStamped);
        }
    }

    /**
     * Blocks until Kafka acknowledged every record sent so far. On failure the tail is read again before
     * the next event, since some of the failed batch may have been written.
     */
    void awaitAcknowledgements() {
        publishStragglers();
        List<Future<RecordMetadata>> outstanding;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            outstanding = new ArrayList<>(pending);
            pending.clear();
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> f : outstanding) {
                f.get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            this.sent = null;
            throw new IllegalStateException("Kafka did not acknowledge published events; the batch is retried", e);
        } catch (InterruptedException e) {
            this.sent = null;
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    /** What Kafka holds is read from the topic's tail again before the next event (after a claim of the segment). */
    void forgetPublished() {
        sent = null;
    }

    /**
     * Highest sequence per aggregate already on the topic or handed to the producer since; read from the
     * topic's tail at start and after a failed batch (when some of it may or may not have been written).
     */
    private Map<String, Long> sentSoFar() {
        Map<String, Long> known = sent;
        if (known == null) {
            if (!topicEnsured) {
                ensureTopic.run();
                topicEnsured = true;
            }
            known = new ConcurrentHashMap<>(tail.highestSequences());
            log.info("read the tail of {}: {} aggregates already published", topic, known.size());
            sent = known;
        }
        return known;
    }
}
