package io.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RebuildProgressTest {

    private static final Instant ASKED = Instant.parse("2026-12-05T10:00:00Z");

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theHealthDetailsOfTheStreamConsumerAreItsProgress() throws Exception {
        RebuildProgress p = RebuildProgress.of(details("""
                {"topic":"device.events","running":true,"applied":1000,"lag":0,"errors":2,
                 "lastAppliedAt":"2026-12-05T10:00:41.250Z"}"""));

        assertThat(p).isEqualTo(new RebuildProgress(true, 1000, 0, Instant.parse("2026-12-05T10:00:41.250Z"), 2, false));
        assertThat(RebuildProgress.of(details("""
                {"running":true,"applied":0,"lag":5,"errors":0,"undecodable":[{"partition":1}]}""")).stopped()).isTrue();
        assertThatThrownBy(() -> RebuildProgress.of(details("{\"status\":\"UP\"}"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void caughtUpOnlyWithLagZeroAndEveryEventApplied() {
        assertThat(progress(1000, 0).caughtUp(1000)).isTrue();
        assertThat(progress(1001, 0).caughtUp(1000)).isTrue();
        assertThat(progress(999, 0).caughtUp(1000)).isFalse();
        assertThat(progress(1000, 1).caughtUp(1000)).isFalse();
        assertThat(new RebuildProgress(false, 1000, 0, null, 0, false).caughtUp(1000)).isFalse();
        assertThat(new RebuildProgress(true, 1000, 0, null, 0, true).caughtUp(1000)).isFalse();
    }

    @Test
    void theTimeEndsAtTheLedgersLastBatchWhenItsClockAgreesOtherwiseAtThePoll() {
        Instant seen = ASKED.plusSeconds(42);
        Duration observed = Duration.ofSeconds(42);

        assertThat(withLastBatchAt(ASKED.plusMillis(41_250)).timing(ASKED, seen, observed))
                .isEqualTo(new RebuildProgress.Timing(41.25, "lastAppliedAt"));
        assertThat(withLastBatchAt(ASKED.minusSeconds(1)).timing(ASKED, seen, observed))
                .isEqualTo(new RebuildProgress.Timing(42.0, "observed"));
        assertThat(withLastBatchAt(seen.plusSeconds(1)).timing(ASKED, seen, observed))
                .isEqualTo(new RebuildProgress.Timing(42.0, "observed"));
        assertThat(withLastBatchAt(null).timing(ASKED, seen, observed).source()).isEqualTo("observed");
    }

    private static RebuildProgress progress(long applied, long lag) {
        return new RebuildProgress(true, applied, lag, null, 0, false);
    }

    private static RebuildProgress withLastBatchAt(Instant at) {
        return new RebuildProgress(true, 10, 0, at, 0, false);
    }

    private JsonNode details(String json) throws Exception {
        return mapper.readTree(json);
    }
}
