package io.roster.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GrowPlanTest {

    private static final List<Long> CHECKPOINTS = List.of(0L, 100_000L, 500_000L, 1_000_000L);

    @Test
    void reachableShouldDropTheCheckpointsAProductHasPassed() {
        assertThat(GrowPlan.reachable(CHECKPOINTS, 0)).isEqualTo(CHECKPOINTS);
        assertThat(GrowPlan.reachable(CHECKPOINTS, 100_000)).containsExactly(100_000L, 500_000L, 1_000_000L);
        assertThat(GrowPlan.reachable(CHECKPOINTS, 100_001)).containsExactly(500_000L, 1_000_000L);
        assertThat(GrowPlan.reachable(CHECKPOINTS, 1_000_001)).isEmpty();
    }

    @Test
    void fillShouldAddWhatIsMissingAndNothingOnceAWindowWentBeyond() {
        assertThat(GrowPlan.fill(100_000, 0)).isEqualTo(100_000);
        assertThat(GrowPlan.fill(500_000, 130_000)).as("after a window of 30,000 adds at 100,000").isEqualTo(370_000);
        assertThat(GrowPlan.fill(1_000, 1_400)).as("a window that ran past the next checkpoint").isZero();
    }

    @Test
    void windowCodesShouldCoverTheAssumedRateOrTwiceTheFastestSeen() {
        assertThat(GrowPlan.windowCodes(Duration.ofSeconds(30), 0)).isEqualTo(300_000);
        assertThat(GrowPlan.windowCodes(Duration.ofSeconds(30), 4_000)).isEqualTo(300_000);
        assertThat(GrowPlan.windowCodes(Duration.ofSeconds(30), 8_000)).isEqualTo(480_000);
        assertThat(GrowPlan.windowCodes(Duration.ofMillis(500), 0)).isEqualTo(5_000);
    }

    @Test
    void grantsShouldSplitIntoTheLargestGrantsDeviceCommandTakes() {
        assertThat(GrowPlan.grants(2_500_000)).containsExactly(1_000_000L, 1_000_000L, 500_000L);
        assertThat(GrowPlan.grants(1_000_000)).containsExactly(1_000_000L);
        assertThat(GrowPlan.grants(7)).containsExactly(7L);
        assertThat(GrowPlan.grants(0)).isEmpty();
        assertThat(GrowPlan.grants(-5)).as("more available than needed").isEmpty();
    }

    @Test
    void ratioShouldCompareLastWithFirstAndHaveNoneWithoutAFirst() {
        assertThat(GrowPlan.ratio(600, 1_200)).isEqualTo(0.5);
        assertThat(GrowPlan.ratio(41.3, 12.1)).isEqualTo(3.413);
        assertThat(GrowPlan.ratio(5, 0)).isNull();
    }
}
