package io.roster.command.auth.domain.ratelimit;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLimitsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final FailureLimits limits = FailureLimits.standard(clock);

    @Test
    void anAttackerKnowingOnlyTheDeviceKeyShouldBlockHisOwnAddressNotTheDevice() {
        for (int i = 0; i < 100; i++) {
            if (limits.check("pk", "meter", "203.0.113.9").allowed()) {
                limits.recordFailure("pk", "meter", "203.0.113.9");
            }
        }

        assertThat(limits.check("pk", "meter", "203.0.113.9").reason()).contains(DenyReason.RATE_LIMITED);
        assertThat(limits.check("pk", "meter", "198.51.100.7").allowed()).isTrue();
        assertThat(limits.check("pk", "meter", null).allowed()).isTrue();
        assertThat(limits.check("pk", "other", "203.0.113.9").allowed()).isTrue();
    }

    @Test
    void theAttackersAddressShouldStayBlockedLongerAndLongerWhileHeKeepsFailing() {
        Duration expected = Duration.ofMinutes(1);
        for (int round = 0; round < 8; round++) {
            failTimes("meter", "203.0.113.9", 7);
            assertThat(retryAfter("meter", "203.0.113.9")).isEqualTo(expected);
            clock.advance(expected);
            expected = expected.multipliedBy(2).compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : expected.multipliedBy(2);
        }
        assertThat(limits.check("pk", "meter", "198.51.100.7").allowed()).isTrue();
    }

    @Test
    void failuresSpreadOverManyAddressesShouldBlockTheDeviceForOneMinuteAtMost() {
        for (int round = 0; round < 5; round++) {
            for (int source = 0; source < 30; source++) {
                String address = "203.0.113." + (round * 30 + source);
                if (limits.check("pk", "meter", address).allowed()) {
                    limits.recordFailure("pk", "meter", address);
                }
            }
            assertThat(limits.check("pk", "meter", "198.51.100.7").reason()).contains(DenyReason.RATE_LIMITED);
            assertThat(limits.check("pk", "meter", null).reason()).contains(DenyReason.RATE_LIMITED);
            clock.advance(Duration.ofSeconds(59));
            assertThat(limits.check("pk", "meter", "198.51.100.7").reason()).contains(DenyReason.RATE_LIMITED);
            clock.advance(Duration.ofSeconds(1));
            assertThat(limits.check("pk", "meter", "198.51.100.7").allowed()).as("round %d", round).isTrue();
        }
    }

    @Test
    void failuresFromAnUnknownSourceShouldCountForTheDeviceOnlyAndNeverBlockItForLong() {
        failTimes("meter", null, 29);
        assertThat(limits.check("pk", "meter", null).allowed()).isTrue();
        failTimes("meter", null, 1);
        assertThat(limits.check("pk", "meter", null).reason()).contains(DenyReason.RATE_LIMITED);
        clock.advance(Duration.ofMinutes(1));
        failTimes("meter", null, 30);
        assertThat(retryAfter("meter", null)).isEqualTo(Duration.ofMinutes(1));

        for (int device = 0; device < 1000; device++) {
            limits.recordFailure("pk", "unknown-" + device, null);
        }
        assertThat(limits.check("pk", "valid", null).allowed()).isTrue();
    }

    @Test
    void aSourceFailingForManyDevicesShouldBeBlockedForAllOfThem() {
        for (int device = 0; device < 60; device++) {
            limits.recordFailure("pk", "guess-" + device, "203.0.113.9");
        }

        assertThat(limits.check("pk", "valid", "203.0.113.9").reason()).contains(DenyReason.RATE_LIMITED);
        assertThat(limits.check("pk", "valid", "198.51.100.7").allowed()).isTrue();
    }

    @Test
    void aSuccessShouldForgetTheDevicesFailuresButNotTheSources() {
        failTimes("meter", "198.51.100.7", 6);
        for (int device = 0; device < 59; device++) {
            limits.recordFailure("pk", "guess-" + device, "203.0.113.9");
        }
        limits.recordSuccess("pk", "meter", "198.51.100.7");
        limits.recordSuccess("pk", "valid", "203.0.113.9");

        failTimes("meter", "198.51.100.7", 1);
        limits.recordFailure("pk", "guess-x", "203.0.113.9");
        assertThat(limits.check("pk", "meter", "198.51.100.7").allowed()).isTrue();
        assertThat(limits.check("pk", "valid", "203.0.113.9").reason()).contains(DenyReason.RATE_LIMITED);
    }

    private void failTimes(String deviceKey, String source, int times) {
        for (int i = 0; i < times; i++) {
            limits.recordFailure("pk", deviceKey, source);
        }
    }

    private Duration retryAfter(String deviceKey, String source) {
        String detail = limits.check("pk", deviceKey, source).detail().orElse("");
        return detail.isEmpty() ? Duration.ZERO : Duration.ofSeconds(Long.parseLong(detail.replaceAll("\\D", "")));
    }
}
