package io.roster.contract.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Sorts each record of the topic into an event to apply, a record of a type this version does not know
 * (a newer producer's, which a reader may skip), or a record it must read but cannot.
 *
 * <p>A record's type is its envelope's {@code type}, or, when the value is not an envelope, its
 * {@code roster-type} header. A record that shows no type at all cannot be told to be skippable, so it
 * counts as undecodable too.
 */
final class RecordDecoder {

    /** What a record turned out to be. */
    sealed interface Outcome permits Decoded, UnknownType, Undecodable {
    }

    record Decoded(ConsumedEvent event) implements Outcome {
    }

    /** @param type the type as the record names it: untrusted text from the topic */
    record UnknownType(String type) implements Outcome {
    }

    /**
     * @param eventType the known type the record names, or null when it names none
     * @param error     the class of what failed; never its message, which may quote the payload
     */
    record Undecodable(String eventType, String error) implements Outcome {
    }

    private final EventCodec codec;

    RecordDecoder(EventCodec codec) {
        this.codec = codec;
    }

    Outcome decode(ConsumerRecord<byte[], byte[]> record) {
        EventEnvelope envelope = null;
        String parseError = null;
        try {
            envelope = codec.decode(record.value());
        } catch (RuntimeException e) {
            parseError = errorOf(e);
        }
        String type = envelope != null && envelope.type() != null ? envelope.type() : headerType(record);
        if (type != null && !EventCodec.knows(type)) {
            return new UnknownType(type);
        }
        if (envelope == null) {
            return new Undecodable(type, parseError != null ? parseError : "no envelope");
        }
        if (envelope.type() == null) {
            return new Undecodable(type, "envelope without a type");
        }
        try {
            return new Decoded(new ConsumedEvent(record.partition(), record.offset(), envelope,
                    codec.event(envelope).orElseThrow()));
        } catch (RuntimeException e) {
            return new Undecodable(type, errorOf(e));
        }
    }

    private static String headerType(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(EventTopic.HEADER_TYPE);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The codec wraps Jackson's exceptions; the wrapped one says what was wrong. */
    private static String errorOf(RuntimeException e) {
        Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getName();
    }
}
