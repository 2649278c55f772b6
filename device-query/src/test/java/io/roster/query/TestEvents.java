package io.roster.query;

import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Publishes envelopes to the event topic the way device-command does: JSON, keyed by product key. */
public final class TestEvents implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();
    private final String topic;

    public TestEvents(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
    }

    /** Sends the envelopes in order and returns, per partition written, the offset of the last record. */
    public Map<Integer, Long> publish(List<EventEnvelope> envelopes) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (EventEnvelope e : envelopes) {
            sent.add(producer.send(new ProducerRecord<>(topic, e.productKey(), codec.encode(e))));
        }
        producer.flush();
        Map<Integer, Long> last = new HashMap<>();
        try {
            for (Future<RecordMetadata> f : sent) {
                RecordMetadata m = f.get();
                last.merge(m.partition(), m.offset(), Math::max);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused a test event", e.getCause());
        }
        return last;
    }

    @Override
    public void close() {
        producer.close();
    }
}
