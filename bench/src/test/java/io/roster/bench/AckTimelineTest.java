package io.roster.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AckTimelineTest {

    @Test
    void lagShouldBeTheAgeOfTheOldestAddNotYetVisible() {
        AckTimeline timeline = new AckTimeline();
        timeline.ack(1_000);
        timeline.ack(2_000);
        timeline.ack(5_000);

        assertThat(timeline.acked()).isEqualTo(3);
        assertThat(timeline.lagNanos(0, 10_000)).isEqualTo(9_000);
        assertThat(timeline.lagNanos(2, 10_000)).isEqualTo(5_000);
        assertThat(timeline.lagNanos(3, 10_000)).isZero();
        assertThat(timeline.lagNanos(7, 10_000)).isZero();
    }

    @Test
    void shouldGrowPastOneChunk() {
        AckTimeline timeline = new AckTimeline();
        for (int i = 1; i <= 70_000; i++) {
            timeline.ack(i);
        }
        assertThat(timeline.lagNanos(69_999, 80_000)).isEqualTo(10_000);
    }
}
