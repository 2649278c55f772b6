package io.roster.command.auth.domain.ratelimit;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FailureRateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final FailureRateLimiter devices = new FailureRateLimiter(clock, FailurePolicy.perDeviceAndSource());
    private final String device = FailureRateLimiter.deviceSubject("pk", "dk");

    @Test
    void deviceShouldBeBlockedAtTheSeventhFailureInAMinute() {
        failTimes(device, 6);
        assertThat(devices.check(device).allowed()).isTrue();
        devices.recordFailure(device);
        assertThat(devices.check(device).reason()).contains(DenyReason.RATE_LIMITED);
        assertThat(devices.retryAfter(device)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowShouldNotBlock() {
        for (int i = 0; i < 30; i++) {
            devices.recordFailure(device);
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(devices.check(device).allowed()).isTrue();
    }

    @Test
    void blocksShouldDoubleUpToTheMaximum() {
        Duration expected = Duration.ofMinutes(1);
        for (int block = 0; block < 9; block++) {
            failTimes(device, 7);
            assertThat(devices.retryAfter(device)).isEqualTo(expected);
            clock.advance(devices.retryAfter(device));
            assertThat(devices.check(device).allowed()).isTrue();
            expected = expected.multipliedBy(2).compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : expected.multipliedBy(2);
        }
    }

    @Test
    void failuresWhileBlockedShouldNotExtendTheBlock() {
        failTimes(device, 7);
        clock.advance(Duration.ofSeconds(30));
        failTimes(device, 20);
        assertThat(devices.retryAfter(device)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void escalationShouldBeForgottenAfterAQuietHourOrASuccess() {
        failTimes(device, 7);
        clock.advance(Duration.ofMinutes(1));
        failTimes(device, 7);
        assertThat(devices.retryAfter(device)).isEqualTo(Duration.ofMinutes(2));
        clock.advance(Duration.ofMinutes(2).plusHours(1));
        failTimes(device, 7);
        assertThat(devices.retryAfter(device)).isEqualTo(Duration.ofMinutes(1));

        clock.advance(Duration.ofMinutes(1));
        devices.recordSuccess(device);
        assertThat(devices.trackedSubjects()).isZero();
        failTimes(device, 7);
        assertThat(devices.retryAfter(device)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void successShouldNotResetASourceAddress() {
        FailureRateLimiter sources = new FailureRateLimiter(clock, FailurePolicy.perSource());
        for (int i = 0; i < 59; i++) {
            sources.recordFailure("10.0.0.1");
        }
        sources.recordSuccess("10.0.0.1");
        sources.recordFailure("10.0.0.1");
        assertThat(sources.check("10.0.0.1").reason()).contains(DenyReason.RATE_LIMITED);
        assertThat(sources.check("10.0.0.2").allowed()).isTrue();
    }

    @Test
    void wellBehavedDevicesShouldNeverBeTracked() {
        for (int i = 0; i < 1000; i++) {
            String subject = FailureRateLimiter.deviceSubject("pk", "d" + i);
            assertThat(devices.check(subject).allowed()).isTrue();
            devices.recordSuccess(subject);
        }
        assertThat(devices.trackedSubjects()).isZero();
    }

    @Test
    void memoryShouldStayBoundedAndBlocksInForceShouldHold() {
        FailurePolicy small = new FailurePolicy(2, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofHours(1),
                Duration.ofHours(1), true, 3);
        FailureRateLimiter limiter = new FailureRateLimiter(clock, small);
        limiter.recordFailure("a");
        limiter.recordFailure("a");
        limiter.recordFailure("b");
        limiter.recordFailure("c");
        limiter.recordFailure("d");
        limiter.recordFailure("d");
        assertThat(limiter.trackedSubjects()).isEqualTo(3);
        assertThat(limiter.untrackedFailures()).isEqualTo(2);
        assertThat(limiter.check("a").allowed()).isFalse();
        assertThat(limiter.check("d").allowed()).isTrue();
    }

    @Test
    void sweepShouldDropSubjectsThatHaveNothingLeftToRemember() {
        devices.recordFailure(device);
        devices.recordFailure("pk\nother");
        clock.advance(Duration.ofMinutes(1));
        assertThat(devices.sweep()).isEqualTo(2);
        failTimes(device, 7);
        clock.advance(Duration.ofMinutes(2));
        assertThat(devices.sweep()).isZero();
        clock.advance(Duration.ofHours(1));
        assertThat(devices.sweep()).isEqualTo(1);
    }

    private void failTimes(String subject, int times) {
        for (int i = 0; i < times; i++) {
            devices.recordFailure(subject);
        }
    }
}
