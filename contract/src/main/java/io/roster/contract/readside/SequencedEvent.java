package io.roster.contract.readside;

import io.roster.contract.event.RosterEvent;
import io.roster.contract.stream.ConsumedEvent;

import java.time.Instant;

/**
 * An event as a read side's fold sees it: its id, its place in its product's history and the time it
 * happened. Plain data, so a service's domain may fold it without knowing the stream.
 */
public record SequencedEvent(String eventId, long seq, Instant at, RosterEvent event) {

    /** The event of a record the stream consumer handed over. */
    public static SequencedEvent of(ConsumedEvent consumed) {
        return new SequencedEvent(consumed.envelope().eventId(), consumed.sequenceNumber(),
                consumed.envelope().timestamp(), consumed.event());
    }
}
