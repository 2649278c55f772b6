package io.roster.command.auth.domain.signature;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.command.auth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureVerifierTest {

    private static final String DS = "0123456789abcdef0123456789abcdef";
    private static final String PS = "ProductSecretProductSecret123456";
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final SignatureVerifier verifier = new SignatureVerifier(TimestampWindow.standard(clock));
    private final long now = clock.millis();

    @Test
    void connectShouldAllowTheRightSignature() {
        String signature = DeviceSignatures.connectSignature(DS, "pk", "dk", "client", now);
        assertThat(verifier.verifyConnect(DS, "pk", "dk", "client", now, signature).allowed()).isTrue();
    }

    @Test
    void connectShouldDenyAnotherSecretOrField() {
        String signature = DeviceSignatures.connectSignature(DS, "pk", "dk", "client", now);
        assertThat(reason(verifier.verifyConnect("other-secret", "pk", "dk", "client", now, signature))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "client2", now, signature))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "client", now + 1, signature))).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void connectShouldDenyMalformedSignatures() {
        String signature = DeviceSignatures.connectSignature(DS, "pk", "dk", "client", now);
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "client", now, signature.toUpperCase()))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "client", now, signature.substring(2)))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "client", now, "zz" + signature.substring(2)))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "client", now, null))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "client", now, ""))).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void connectShouldDenyALineFeedInsideAField() {
        String signature = DeviceSignatures.connectSignature(DS, "pk", "dk", "a\nb", now);
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "a\nb", now, signature))).isEqualTo(DenyReason.BAD_SIGNATURE);
    }

    @Test
    void windowShouldBeFiveMinutesInclusiveBothWays() {
        long edge = Duration.ofMinutes(5).toMillis();
        for (long ts : new long[]{now - edge, now + edge}) {
            assertThat(verifier.verifyConnect(DS, "pk", "dk", "c", ts, DeviceSignatures.connectSignature(DS, "pk", "dk", "c", ts)).allowed()).isTrue();
        }
        for (long ts : new long[]{now - edge - 1, now + edge + 1, Long.MIN_VALUE, Long.MAX_VALUE, 0}) {
            assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "c", ts, DeviceSignatures.connectSignature(DS, "pk", "dk", "c", ts))))
                    .isEqualTo(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
        }
    }

    @Test
    void windowShouldFollowTheInjectedClock() {
        String signature = DeviceSignatures.connectSignature(DS, "pk", "dk", "c", now);
        clock.advance(Duration.ofMinutes(6));
        assertThat(reason(verifier.verifyConnect(DS, "pk", "dk", "c", now, signature))).isEqualTo(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
    }

    @Test
    void registerShouldCheckTheProductSecretSignature() {
        String signature = DeviceSignatures.registerSignature(PS, "pk", "dk", "nonce", now);
        assertThat(verifier.verifyRegister(PS, "pk", "dk", "nonce", now, signature).allowed()).isTrue();
        assertThat(reason(verifier.verifyRegister(PS, "pk", "dk", "other", now, signature))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(verifier.verifyRegister("wrong", "pk", "dk", "nonce", now, signature))).isEqualTo(DenyReason.BAD_SIGNATURE);
        assertThat(reason(verifier.verifyRegister(PS, "pk", "dk", "nonce", now - 600_000, signature))).isEqualTo(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
    }

    private static DenyReason reason(Verdict verdict) {
        return verdict.reason().orElse(null);
    }
}
