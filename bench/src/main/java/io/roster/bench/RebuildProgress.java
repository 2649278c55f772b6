package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Where a read side's stream consumer stands, as the details of its {@code eventStream} health component say
 * ({@code EventStreamHealthIndicator} of the contract's read-side kit): shown only to a token with the operator or
 * analyst role.
 *
 * <p>A rebuild sets {@code applied} to 0 and measures {@code lag} again before it answers REBUILDING, so from then on
 * neither shows what the consumer had done before it; {@code lag} is the records of the topic the read model has not
 * applied, over every partition, and is 0 only once the consumer has read to the end.
 *
 * @param running       the consumer's thread runs
 * @param applied       events applied since the consumer started or since the last rebuild
 * @param lag           records of the topic not applied yet
 * @param lastAppliedAt when the consumer last applied a batch (the service's clock), or null
 * @param errors        failed batches since the consumer started (each retried)
 * @param stopped       the consumer stopped a partition at a record it cannot decode
 */
public record RebuildProgress(boolean running, long applied, long lag, Instant lastAppliedAt, long errors,
                              boolean stopped) {

    /** The health component whose details these are. */
    public static final String COMPONENT = "eventStream";

    /**
     * How the rebuild's time was taken.
     *
     * @param seconds from just before the rebuild was asked for until the ledger had applied its last batch
     * @param source  {@code lastAppliedAt} when the ledger's own time of its last batch lies between the request and
     *                the poll that saw it caught up (its clock agrees with the benchmark's, as on one machine);
     *                {@code observed} otherwise: until that poll, late by up to one poll interval
     */
    public record Timing(double seconds, String source) {
    }

    /**
     * The details of a health component, {@code {"applied": ..., "lag": ..., ...}}.
     *
     * @throws IllegalStateException when they do not hold the consumer's progress
     */
    public static RebuildProgress of(JsonNode details) {
        if (details == null || !details.has("applied") || !details.has("lag")) {
            throw new IllegalStateException("the health details hold no consumer progress (applied, lag)");
        }
        Instant last = null;
        if (details.hasNonNull("lastAppliedAt")) {
            try {
                last = Instant.parse(details.get("lastAppliedAt").asText());
            } catch (DateTimeParseException e) {
                last = null;
            }
        }
        return new RebuildProgress(details.path("running").asBoolean(false), details.path("applied").asLong(),
                details.path("lag").asLong(), last, details.path("errors").asLong(), details.has("undecodable"));
    }

    /** Whether the consumer has applied every one of the {@code expected} events and read to the end of the topic. */
    public boolean caughtUp(long expected) {
        return running && !stopped && lag == 0 && applied >= expected;
    }

    /**
     * The rebuild's time, asked for at {@code requestedAt} and seen caught up {@code observed} later, at
     * {@code observedAt}.
     */
    public Timing timing(Instant requestedAt, Instant observedAt, Duration observed) {
        if (lastAppliedAt != null && !lastAppliedAt.isBefore(requestedAt) && !lastAppliedAt.isAfter(observedAt)) {
            return new Timing(Duration.between(requestedAt, lastAppliedAt).toNanos() / 1e9, "lastAppliedAt");
        }
        return new Timing(observed.toNanos() / 1e9, "observed");
    }
}
