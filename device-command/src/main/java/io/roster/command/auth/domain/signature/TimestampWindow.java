package io.roster.command.auth.domain.signature;

import java.time.Clock;
import java.time.Duration;

/** Accepts request timestamps (epoch millis) at most {@code tolerance} away from the clock, both ways, inclusive. */
public final class TimestampWindow {

    /** docs/authentication.md: ±5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final Clock clock;
    private final long toleranceMillis;

    public TimestampWindow(Clock clock, Duration tolerance) {
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must not be negative");
        }
        this.clock = clock;
        this.toleranceMillis = tolerance.toMillis();
    }

    public static TimestampWindow standard(Clock clock) {
        return new TimestampWindow(clock, DEFAULT_TOLERANCE);
    }

    public boolean contains(long timestampMillis) {
        long now = clock.millis();
        // Subtraction can overflow for absurd timestamps (Long.MIN_VALUE); compare without it.
        return timestampMillis >= now - toleranceMillis && timestampMillis <= now + toleranceMillis;
    }

    public Duration tolerance() {
        return Duration.ofMillis(toleranceMillis);
    }

    public Clock clock() {
        return clock;
    }
}
