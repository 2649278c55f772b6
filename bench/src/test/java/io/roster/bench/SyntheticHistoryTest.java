package io.roster.bench;

import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.readside.SequencedEvent;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.contract.stream.EventRecords;
import io.roster.contract.stream.EventTopic;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerChanges;
import io.roster.ledger.domain.LedgerEntry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticHistoryTest {

    private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");

    private final EventCodec codec = new EventCodec();

    @Test
    void theLedgerFoldsTheWholeHistoryWithoutDriftToTheTotalsItStates() {
        SyntheticHistory history = new SyntheticHistory("t1", 7, 5_003, START);
        List<SequencedEvent> events = new ArrayList<>();
        List<SyntheticHistory.Totals> totals = history.generate(e -> events.add(throughTheTopic(e)));

        // in batches, as the ledger's consumer applies them, each building on the balances stored before it
        Map<String, Balance> stored = new HashMap<>();
        Set<EntryKind> kinds = new HashSet<>();
        long charged = 0;
        for (int from = 0; from < events.size(); from += 1_000) {
            LedgerChanges changes = LedgerChanges.fold(events.subList(from, Math.min(events.size(), from + 1_000)), stored);
            assertThat(changes.drifts()).isEmpty();
            changes.balances().forEach(c -> stored.put(c.after().productKey(), c.after()));
            changes.entries().stream().map(LedgerEntry::kind).forEach(kinds::add);
            charged += changes.charged().size();
        }

        assertThat(events).hasSize(5_003);
        assertThat(totals).hasSize(7);
        for (SyntheticHistory.Totals t : totals) {
            Balance b = stored.get(t.productKey());
            assertThat(b.granted()).isEqualTo(t.granted());
            assertThat(b.reserved()).isEqualTo(t.reserved());
            assertThat(b.consumed()).isEqualTo(t.consumed());
            assertThat(b.refunded()).isEqualTo(t.refunded());
            assertThat(b.available()).isEqualTo(t.available());
            assertThat(b.drifts()).isZero();
            assertThat(b.lastSeq()).isEqualTo(t.events() - 1);
            assertThat(t.reserved()).isPositive();
            assertThat(t.consumed()).isPositive();
            assertThat(t.refunded()).isPositive();
        }
        assertThat(kinds).contains(EntryKind.GRANT, EntryKind.RESERVE, EntryKind.CONSUME, EntryKind.REFUND);
        assertThat(charged).isPositive();
        assertThat(totals.stream().mapToLong(SyntheticHistory.Totals::events).sum()).isEqualTo(5_003);
    }

    @Test
    void eachProductStartsWithItsCreationAndAGrantAndNumbersItsEventsWithoutGaps() {
        SyntheticHistory history = new SyntheticHistory("t2", 3, 301, START);
        Map<String, List<SyntheticHistory.Event>> byProduct = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        List<Instant> times = new ArrayList<>();
        history.generate(e -> {
            byProduct.computeIfAbsent(e.productKey(), k -> new ArrayList<>()).add(e);
            ids.add(e.eventId());
            times.add(e.timestamp());
        });

        assertThat(byProduct.keySet()).containsExactly("t2000000000", "t2000000001", "t2000000002")
                .allSatisfy(key -> assertThat(key).hasSize(11).matches("[A-Za-z0-9]{11}"));
        assertThat(byProduct.values()).extracting(List::size).containsExactly(101, 100, 100);
        for (List<SyntheticHistory.Event> events : byProduct.values()) {
            assertThat(events.get(0).event()).isInstanceOf(ProductCreated.class);
            assertThat(events.get(1).event()).isInstanceOf(ActivationCodesGranted.class);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i).seq()).isEqualTo(i);
                assertThat(events.get(i).event().productKey()).isEqualTo(events.get(i).productKey());
            }
        }
        assertThat(ids).hasSize(301);
        assertThat(times).isSorted().doesNotHaveDuplicates().first().isEqualTo(START);
    }

    @Test
    void theProductsTakeTurnsOnTheTopic() {
        List<String> order = new ArrayList<>();
        new SyntheticHistory("t3", 3, 8, START).generate(e -> order.add(e.productKey().substring(2) + "@" + e.seq()));

        assertThat(order).containsExactly("000000000@0", "000000001@0", "000000002@0", "000000000@1", "000000001@1",
                "000000002@1", "000000000@2", "000000001@2");
    }

    @Test
    void theFiveLivesOfADeviceStateWhatDeviceCommandWould() {
        List<Object> events = new ArrayList<>();
        // creation, grant, then ten devices: 2*4 + 2*2 + 5 + 3 + 1*2 = 22 events
        new SyntheticHistory("t4", 1, 24, START).generate(e -> events.add(e.event()));

        ActivationCodesGranted grant = (ActivationCodesGranted) events.get(1);
        assertThat(grant.count()).isEqualTo(22);
        assertThat(grant.grantedTotal()).isEqualTo(22);
        // dev-0: added (a code reserved), activated (consumed)
        assertThat(events.get(2)).isInstanceOfSatisfying(DeviceAdded.class, a -> {
            assertThat(a.deviceKey()).isEqualTo("dev-0");
            assertThat(a.codeCharged()).isTrue();
            assertThat(a.available()).isEqualTo(21);
        });
        assertThat(events.get(3)).isInstanceOfSatisfying(DeviceActivated.class, x -> assertThat(x.codeConsumed()).isTrue());
        // dev-4: added, deleted before its activation: refunded
        assertThat(events.get(11)).isInstanceOfSatisfying(DeviceDeleted.class, d -> {
            assertThat(d.deviceKey()).isEqualTo("dev-4");
            assertThat(d.refunded()).isTrue();
            assertThat(d.wasActivated()).isFalse();
            assertThat(d.available()).isEqualTo(18);
        });
        // dev-6: added, activated, deleted (nothing refunded), added again free, activated again without a code
        assertThat(events.subList(14, 19)).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("DeviceAdded", "DeviceActivated", "DeviceDeleted", "DeviceAdded", "DeviceActivated");
        assertThat(events.get(16)).isInstanceOfSatisfying(DeviceDeleted.class, d -> {
            assertThat(d.refunded()).isFalse();
            assertThat(d.wasActivated()).isTrue();
        });
        assertThat(events.get(17)).isInstanceOfSatisfying(DeviceAdded.class, a -> assertThat(a.codeCharged()).isFalse());
        assertThat(events.get(18)).isInstanceOfSatisfying(DeviceActivated.class, x -> assertThat(x.codeConsumed()).isFalse());
        // dev-9: added, its code stays reserved
        assertThat(events.get(23)).isInstanceOfSatisfying(DeviceAdded.class, a -> assertThat(a.deviceKey()).isEqualTo("dev-9"));
    }

    @Test
    void whenTheCodesRunOutAnotherGrantComesFirst() {
        SyntheticHistory history = new SyntheticHistory("t5", 2, 400, START, 10);
        List<SequencedEvent> events = new ArrayList<>();
        List<SyntheticHistory.Totals> totals = history.generate(e -> events.add(throughTheTopic(e)));

        LedgerChanges changes = LedgerChanges.fold(events, Map.of());

        assertThat(changes.drifts()).isEmpty();
        assertThat(events).filteredOn(e -> e.event() instanceof ActivationCodesGranted).hasSizeGreaterThan(10)
                .allSatisfy(e -> assertThat(((ActivationCodesGranted) e.event()).count()).isBetween(1, 10));
        assertThat(events).filteredOn(e -> e.event() instanceof DeviceAdded a && a.codeCharged())
                .allSatisfy(e -> assertThat(((DeviceAdded) e.event()).available()).isNotNegative());
        assertThat(changes.balances()).extracting(c -> c.after().available())
                .containsExactlyElementsOf(totals.stream().map(SyntheticHistory.Totals::available).toList());
    }

    @Test
    void theSameArgumentsMakeTheSameHistoryAndTotalsWithoutTheEvents() {
        SyntheticHistory history = new SyntheticHistory("t6", 4, 999, START);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();

        List<SyntheticHistory.Totals> totals = history.generate(e -> first.add(e.eventId() + " " + e.event()));
        new SyntheticHistory("t6", 4, 999, START).generate(e -> second.add(e.eventId() + " " + e.event()));

        assertThat(second).isEqualTo(first);
        assertThat(history.totals()).isEqualTo(totals);
    }

    @Test
    void itsRecordsAreDeviceCommandsKeyedByProductWithTheTopicHeaders() {
        List<SyntheticHistory.Event> events = new ArrayList<>();
        new SyntheticHistory("t7", 1, 3, START).generate(events::add);
        SyntheticHistory.Event event = events.get(2);

        ProducerRecord<String, byte[]> record = EventRecords.record("device.events", event.envelope(codec, "region-9"), codec);

        assertThat(record.key()).isEqualTo("t7000000000");
        assertThat(header(record, EventTopic.HEADER_TYPE)).isEqualTo("DeviceAdded");
        assertThat(header(record, EventTopic.HEADER_REGION)).isEqualTo("region-9");
        assertThat(header(record, EventTopic.HEADER_AGGREGATE_ID)).isEqualTo("t7000000000");
        assertThat(header(record, EventTopic.HEADER_SEQUENCE)).isEqualTo("2");
        assertThat(codec.event(codec.decode(record.value()))).contains(event.event());
    }

    @Test
    void argumentsThatMakeNoHistoryAreRefused() {
        assertThat(SyntheticHistory.problem("abcdefgh", 100, 1_000_000)).isNull();
        assertThat(SyntheticHistory.problem("abcdefghi", 1, 10)).contains("1-8 letters or digits");
        assertThat(SyntheticHistory.problem("a-b", 1, 10)).contains("1-8 letters or digits");
        assertThat(SyntheticHistory.problem("abcdefgh", 238_329, 1_000_000)).contains("too few product keys");
        assertThat(SyntheticHistory.problem("abc", 10, 19)).contains("at least two events per product");
        assertThatThrownBy(() -> new SyntheticHistory("abc", 0, 10, START)).isInstanceOf(IllegalArgumentException.class);
        assertThat(SyntheticHistory.productKey("abcdefgh", 238_327)).isEqualTo("abcdefghzzz");
    }

    /** The event as a read side gets it: encoded into its record's value, decoded by the shared codec. */
    private SequencedEvent throughTheTopic(SyntheticHistory.Event event) {
        byte[] value = EventRecords.record("device.events", event.envelope(codec, "region-1"), codec).value();
        EventEnvelope envelope = codec.decode(value);
        return new SequencedEvent(envelope.eventId(), envelope.sequenceNumber(), envelope.timestamp(),
                codec.event(envelope).orElseThrow());
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
