package io.roster.command.auth.domain.replay;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.command.auth.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayGuardTest {

    private static final String SIG = "38da7def270c34156b8a5ceb1dae8c84bfee70e24a01e89390bc9f2baf8dc4d8";
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final long now = clock.millis();

    @Test
    void sameRequestShouldBeAcceptedOnce() {
        ReplayGuard guard = ReplayGuard.standard(clock, ReplayGuard.DEFAULT_CAPACITY);
        assertThat(guard.admit("pk", "dk", now, SIG).allowed()).isTrue();
        assertThat(reason(guard.admit("pk", "dk", now, SIG))).isEqualTo(DenyReason.REPLAYED);
        assertThat(reason(guard.admit("pk", "dk", now, SIG.toUpperCase()))).isEqualTo(DenyReason.REPLAYED);
    }

    @Test
    void requestsDifferingInAnyFieldShouldBeIndependent() {
        ReplayGuard guard = ReplayGuard.standard(clock, ReplayGuard.DEFAULT_CAPACITY);
        assertThat(guard.admit("pk", "dk", now, SIG).allowed()).isTrue();
        assertThat(guard.admit("pk2", "dk", now, SIG).allowed()).isTrue();
        assertThat(guard.admit("pk", "dk2", now, SIG).allowed()).isTrue();
        assertThat(guard.admit("pk", "dk", now + 1, SIG).allowed()).isTrue();
        assertThat(guard.admit("pk", "dk", now, SIG.replace('3', '4')).allowed()).isTrue();
    }

    @Test
    void timestampOutsideTheWindowShouldBeRefusedAndNotRemembered() {
        ReplayGuard guard = ReplayGuard.standard(clock, ReplayGuard.DEFAULT_CAPACITY);
        assertThat(reason(guard.admit("pk", "dk", now - Duration.ofMinutes(6).toMillis(), SIG))).isEqualTo(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
        assertThat(guard.size()).isZero();
    }

    @Test
    void entriesShouldBeForgottenOnlyOnceTheirTimestampHasLeftTheWindow() {
        ReplayGuard guard = ReplayGuard.standard(clock, ReplayGuard.DEFAULT_CAPACITY);
        guard.admit("pk", "dk", now, SIG);
        clock.advance(Duration.ofMinutes(5));
        assertThat(guard.sweep()).isZero();
        assertThat(reason(guard.admit("pk", "dk", now, SIG))).isEqualTo(DenyReason.REPLAYED);
        clock.advance(Duration.ofMillis(1));
        assertThat(reason(guard.admit("pk", "dk", now, SIG))).isEqualTo(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
        // memory goes a timestamp slice at a time, once the newest timestamp the slice can hold has expired too
        clock.advance(Duration.ofMillis(ReplayGuard.SLICE_MILLIS));
        assertThat(guard.sweep()).isEqualTo(1);
        assertThat(guard.size()).isZero();
    }

    @Test
    void aMillionDistinctRequestsShouldEachBeAcceptedOnce() {
        ReplayGuard guard = ReplayGuard.standard(clock, ReplayGuard.DEFAULT_CAPACITY);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            assertThat(guard.admit("pk", "dk" + (i % 1000), now + i % 600_000 - 300_000, signature(i)).allowed()).isTrue();
        }
        assertThat(guard.size()).isEqualTo(n);
        for (int i = 0; i < n; i += 997) {
            assertThat(reason(guard.admit("pk", "dk" + (i % 1000), now + i % 600_000 - 300_000, signature(i))))
                    .isEqualTo(DenyReason.REPLAYED);
        }
    }

    @Test
    void signaturesThatAreNotHexShouldStillBeTellableApart() {
        ReplayGuard guard = ReplayGuard.standard(clock, ReplayGuard.DEFAULT_CAPACITY);
        assertThat(guard.admit("pk", "dk", now, "not-hex-at-all").allowed()).isTrue();
        assertThat(guard.admit("pk", "dk", now, "not-hex-at-all!").allowed()).isTrue();
        assertThat(reason(guard.admit("pk", "dk", now, "NOT-HEX-AT-ALL"))).isEqualTo(DenyReason.REPLAYED);
    }

    private static String signature(int i) {
        return java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putLong(i * 0x9E3779B97F4A7C15L)
                .putLong(i).putLong(~i).putLong(i * 31L).array());
    }

    @Test
    void checksShouldSweepInlineWhenNobodySchedulesIt() {
        ReplayGuard guard = new ReplayGuard(clock, Duration.ofMinutes(5), 1000);
        for (int i = 0; i < 100; i++) {
            guard.admit("pk", "dk" + i, now, SIG);
        }
        clock.advance(Duration.ofMinutes(6));
        guard.admit("pk", "fresh", clock.millis(), SIG);
        assertThat(guard.size()).isEqualTo(1);
    }

    @Test
    void fullGuardShouldRefuseNewRequestsAsRateLimitedButStillSpotReplays() {
        ReplayGuard guard = new ReplayGuard(clock, Duration.ofMinutes(5), 3);
        for (int i = 0; i < 3; i++) {
            assertThat(guard.admit("pk", "dk" + i, now, SIG).allowed()).isTrue();
        }
        assertThat(reason(guard.admit("pk", "dk3", now, SIG))).isEqualTo(DenyReason.RATE_LIMITED);
        assertThat(reason(guard.admit("pk", "dk0", now, SIG))).isEqualTo(DenyReason.REPLAYED);
        clock.advance(Duration.ofMinutes(5).plusMillis(ReplayGuard.SLICE_MILLIS + 2_000));
        assertThat(guard.admit("pk", "dk3", clock.millis(), SIG).allowed()).isTrue();
    }

    @Test
    void concurrentCopiesOfOneRequestShouldBeAcceptedExactlyOnce() throws Exception {
        ReplayGuard guard = ReplayGuard.standard(clock, ReplayGuard.DEFAULT_CAPACITY);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                long ts = now + round;
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger accepted = new AtomicInteger();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(pool.submit(() -> {
                        start.await();
                        if (guard.admit("pk", "dk", ts, SIG).allowed()) {
                            accepted.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(accepted.get()).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static DenyReason reason(Verdict verdict) {
        return verdict.reason().orElse(null);
    }
}
