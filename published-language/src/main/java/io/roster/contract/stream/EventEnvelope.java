package io.roster.contract.stream;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One event as published on the {@code device.events} topic: JSON any Kafka client can read.
 *
 * @param eventId        unique id of the event (the Axon message id)
 * @param type           simple name of the event, e.g. {@code DeviceAdded}
 * @param version        the event's revision
 * @param aggregateId    the aggregate that emitted it (the product key)
 * @param sequenceNumber position of the event in its aggregate's history, from 0
 * @param timestamp      when it happened
 * @param region         the region (data center) whose command side recorded it
 * @param productKey     the product it concerns (the record key)
 * @param deviceKey      the device it concerns, or null for product events
 * @param payload        the event's fields
 */
public record EventEnvelope(
        String eventId,
        String type,
        String version,
        String aggregateId,
        long sequenceNumber,
        Instant timestamp,
        String region,
        String productKey,
        String deviceKey,
        JsonNode payload) {
}
