package io.roster.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerRebuildBenchTest {

    private static final TopicPartition P0 = new TopicPartition("device.events", 0);
    private static final TopicPartition P1 = new TopicPartition("device.events", 1);
    private static final TopicPartition P2 = new TopicPartition("device.events", 2);

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void aBalanceMatchesWhenEveryTotalIsTheHistorysAndItsSequenceWhenTheLedgerShowsOne() throws Exception {
        SyntheticHistory.Totals totals = new SyntheticHistory.Totals("pk", 12, 10, 2, 3, 1);

        assertThat(LedgerRebuildBench.mismatch(totals, mapper.readTree("""
                {"productKey":"pk","granted":10,"reserved":2,"consumed":3,"refunded":1,"available":5}"""))).isNull();
        assertThat(LedgerRebuildBench.mismatch(totals, mapper.readTree("""
                {"productKey":"pk","granted":10,"reserved":2,"consumed":3,"refunded":1,"available":5,"seq":11}"""))).isNull();
        assertThat(LedgerRebuildBench.mismatch(totals, mapper.readTree("""
                {"productKey":"pk","granted":10,"reserved":3,"consumed":3,"available":4,"seq":10}""")))
                .isEqualTo("pk: reserved 3, history 2, refunded absent, history 1, available 4, history 5, seq 10, history 11");
    }

    @Test
    void aGroupIsBehindByWhatItHasNotCommittedCountingFromTheFirstOffsetWhereItCommittedNothing() {
        Map<TopicPartition, Long> end = Map.of(P0, 100L, P1, 50L, P2, 0L);
        Map<TopicPartition, Long> begin = Map.of(P0, 0L, P1, 10L, P2, 0L);

        assertThat(GroupOffsets.behind(end, begin, Map.of(P0, 100L, P1, 50L))).isZero();
        assertThat(GroupOffsets.behind(end, begin, Map.of(P0, 90L))).isEqualTo(10 + 40);
        assertThat(GroupOffsets.behind(end, begin, Map.of())).isEqualTo(140);
        // what the topic grew by: the later end offsets against the earlier, as committed
        assertThat(GroupOffsets.behind(Map.of(P0, 103L, P1, 50L), end, end)).isEqualTo(3);
    }

    @Test
    void theRatioIsRoundedAndZeroWithoutADenominator() {
        assertThat(LedgerRebuildBench.ratio(25_000, 300_000)).isEqualTo(0.0833);
        assertThat(LedgerRebuildBench.ratio(25_000, 0)).isZero();
    }
}
