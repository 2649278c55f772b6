package io.roster.command.auth.domain.ratelimit;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceConnectCapTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final DeviceConnectCap cap = DeviceConnectCap.standard(clock, 3);

    @Test
    void aDeviceShouldBeAdmittedAtMostTheLimitPerWindowWithoutTouchingOthers() {
        for (int i = 0; i < 3; i++) {
            assertThat(cap.admit("pk", "busy").allowed()).isTrue();
        }

        assertThat(cap.admit("pk", "busy").reason()).contains(DenyReason.RATE_LIMITED);
        assertThat(cap.admit("pk", "calm").allowed()).isTrue();
        assertThat(cap.admit("pk2", "busy").allowed()).isTrue();
    }

    @Test
    void aReleasedConnectionShouldBeAdmittedAgain() {
        for (int i = 0; i < 3; i++) {
            cap.admit("pk", "dk");
        }
        cap.release("pk", "dk");

        assertThat(cap.admit("pk", "dk").allowed()).isTrue();
        assertThat(cap.admit("pk", "dk").allowed()).isFalse();
    }

    @Test
    void theNextWindowShouldStartAfreshAndForgetTheDevicesOfThePastOne() {
        for (int i = 0; i < 3; i++) {
            cap.admit("pk", "dk");
        }
        cap.admit("pk", "other");
        clock.advance(Duration.ofMinutes(5));

        assertThat(cap.admit("pk", "dk").allowed()).isTrue();
        assertThat(cap.tracked()).isEqualTo(1);
    }
}
