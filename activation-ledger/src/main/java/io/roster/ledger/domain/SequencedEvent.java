package io.roster.ledger.domain;

import io.roster.contract.event.RosterEvent;

import java.time.Instant;

/** An event with its id, its place in its product's history and the time it happened. */
public record SequencedEvent(String eventId, long seq, Instant at, RosterEvent event) {
}
