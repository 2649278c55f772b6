package io.roster.command.auth.application.replay;

import io.roster.command.auth.application.replay.ReplayClaimStore.Claim;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The writer behind: every claim queued reaches the store once, a failing store holds the lag up until it heals. */
class ClaimWriterTest {

    private final List<List<Claim>> written = Collections.synchronizedList(new ArrayList<>());

    @Test
    void claimsQueuedFromManyThreadsShouldAllBeWrittenOnceInBoundedBatches() throws InterruptedException {
        try (ClaimWriter writer = new ClaimWriter(claims -> written.add(List.copyOf(claims)), Duration.ofMillis(1),
                System::nanoTime)) {
            List<Thread> threads = new ArrayList<>();
            Set<UUID> queued = Collections.synchronizedSet(new HashSet<>());
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        Claim claim = claim();
                        queued.add(claim.fingerprint());
                        writer.add(claim);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }

            assertThat(writer.drain(Duration.ofSeconds(10))).isTrue();
            assertThat(writer.lagNanos()).isZero();
            List<UUID> stored = new ArrayList<>();
            synchronized (written) {
                written.forEach(batch -> batch.forEach(c -> stored.add(c.fingerprint())));
                assertThat(written).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 5_000));
            }
            assertThat(stored).hasSize(20_000).doesNotHaveDuplicates();
            assertThat(new HashSet<>(stored)).isEqualTo(queued);
        }
    }

    @Test
    void anIdleWriterShouldWriteTheNextClaimItIsGiven() {
        try (ClaimWriter writer = new ClaimWriter(claims -> written.add(List.copyOf(claims)), Duration.ofMillis(1),
                System::nanoTime)) {
            writer.add(claim());
            await().until(() -> written.size() == 1);
            // the writer found the queue empty since and waits; a new claim must still be written
            Claim next = claim();
            writer.add(next);
            await().until(() -> written.size() == 2);
            assertThat(written.get(1)).containsExactly(next);
        }
    }

    @Test
    void aFailingStoreShouldKeepTheLagGrowingUntilTheClaimsAreWritten() {
        AtomicBoolean failing = new AtomicBoolean(true);
        try (ClaimWriter writer = new ClaimWriter(claims -> {
            if (failing.get()) {
                throw new IllegalStateException("store down");
            }
            written.add(List.copyOf(claims));
        }, Duration.ofMillis(1), System::nanoTime)) {
            Claim claim = claim();
            writer.add(claim);
            await().until(() -> writer.lagNanos() > Duration.ofMillis(100).toNanos());
            assertThat(written).isEmpty();

            failing.set(false);
            await().until(() -> writer.lagNanos() == 0);
            assertThat(written).hasSize(1);
            assertThat(written.get(0)).containsExactly(claim);
        }
    }

    private static Claim claim() {
        return new Claim(UUID.randomUUID(), Instant.now().plusSeconds(300));
    }
}
