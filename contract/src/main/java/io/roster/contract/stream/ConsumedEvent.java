package io.roster.contract.stream;

import io.roster.contract.event.RosterEvent;

/** An event read from the topic, with where it was read from. */
public record ConsumedEvent(int partition, long offset, EventEnvelope envelope, RosterEvent event) {

    public long sequenceNumber() {
        return envelope.sequenceNumber();
    }
}
