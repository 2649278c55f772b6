package io.roster.query.domain;

import io.roster.contract.event.RosterEvent;

import java.time.Instant;

/** An event with its place in its product's history and the time it happened. */
public record SequencedEvent(long seq, Instant at, RosterEvent event) {
}
