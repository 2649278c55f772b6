package io.roster.ledger.domain;

import io.roster.contract.AuthType;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.readside.SequencedEvent;
import io.roster.contract.readside.fixture.ProductHistory;
import io.roster.contract.stream.EventEnvelope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.roster.contract.readside.fixture.Batches.sequenced;
import static org.assertj.core.api.Assertions.assertThat;

class LedgerChangesTest {

    private final ProductHistory history = new ProductHistory("pk-1");

    @BeforeEach
    void productWithCodes() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
    }

    @Test
    void addingReservesAndActivatingConsumes() {
        history.added("d-1", AuthType.DYNAMIC);
        history.added("d-2", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);

        Balance b = balanceAfter(history.envelopes());

        assertThat(b).isEqualTo(new Balance("pk-1", 10, 1, 1, 0, 0, 4));
        assertThat(b.available()).isEqualTo(8);
    }

    @Test
    void deletingBeforeActivationRefunds() {
        history.added("d-1", AuthType.DYNAMIC);
        history.deleted("d-1");

        Balance b = balanceAfter(history.envelopes());

        assertThat(b.reserved()).isZero();
        assertThat(b.refunded()).isEqualTo(1);
        assertThat(b.available()).isEqualTo(10);
    }

    @Test
    void deletingAnActivatedDeviceRefundsNothingAndItIsNeverChargedAgain() {
        history.added("d-1", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);
        history.deleted("d-1");
        history.added("d-1", AuthType.STATIC);
        history.activated("d-1", AuthType.STATIC);
        history.deleted("d-1");

        LedgerChanges changes = fold(history.envelopes());
        Balance b = changes.balances().get(0).after();

        assertThat(b).isEqualTo(new Balance("pk-1", 10, 0, 1, 0, 0, 7));
        assertThat(changes.entries()).extracting(LedgerEntry::kind)
                .containsExactly(EntryKind.GRANT, EntryKind.RESERVE, EntryKind.CONSUME, EntryKind.NOT_CHARGED,
                        EntryKind.NOT_CHARGED);
        assertThat(changes.charged()).singleElement()
                .satisfies(c -> assertThat(c.seq()).isEqualTo(3))
                .satisfies(c -> assertThat(c.deviceKey()).isEqualTo("d-1"));
        assertThat(changes.drifts()).isEmpty();
    }

    @Test
    void entriesNameTheirEventAndDevice() {
        EventEnvelope added = history.added("d-1", AuthType.DYNAMIC);

        List<LedgerEntry> entries = fold(history.envelopes()).entries();

        assertThat(entries.get(0)).isEqualTo(new LedgerEntry(history.envelopes().get(1).eventId(), EntryKind.GRANT,
                "pk-1", null, 10, history.envelopes().get(1).timestamp(), 1, new Codes(10, 0, 0, 0)));
        assertThat(entries.get(1)).isEqualTo(new LedgerEntry(added.eventId(), EntryKind.RESERVE, "pk-1", "d-1", 1,
                added.timestamp(), 2, new Codes(10, 1, 0, 0)));
    }

    /** docs/ledger.md's worked example, entry by entry. */
    @Test
    void theWorkedExample() {
        history.added("a", AuthType.DYNAMIC);
        history.added("b", AuthType.DYNAMIC);
        history.added("c", AuthType.DYNAMIC);
        history.activated("a", AuthType.DYNAMIC);
        history.activated("b", AuthType.DYNAMIC);
        history.deleted("a");
        history.deleted("c");
        EventEnvelope readded = history.added("a", AuthType.DYNAMIC);

        LedgerChanges changes = fold(history.envelopes());

        assertThat(changes.entries()).extracting(LedgerEntry::kind).containsExactly(EntryKind.GRANT,
                EntryKind.RESERVE, EntryKind.RESERVE, EntryKind.RESERVE, EntryKind.CONSUME, EntryKind.CONSUME,
                EntryKind.REFUND, EntryKind.NOT_CHARGED);
        assertThat(changes.entries()).extracting(e -> e.after().available()).containsExactly(10L, 9L, 8L, 7L, 7L, 7L, 8L, 8L);
        LedgerEntry last = changes.entries().get(7);
        assertThat(last.eventId()).isEqualTo(readded.eventId());
        assertThat(last.count()).isZero();
        assertThat(last.after()).isEqualTo(new Codes(10, 0, 2, 1));
        Balance b = changes.balances().get(0).after();
        assertThat(b.consumed()).isEqualTo(2);
        assertThat(b.available()).isEqualTo(8);
        assertThat(b.codes()).isEqualTo(last.after());
        assertThat(changes.charged()).extracting(ChargedDevice::deviceKey, ChargedDevice::entryId).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", changes.entries().get(4).eventId()),
                org.assertj.core.groups.Tuple.tuple("b", changes.entries().get(5).eventId()));
    }

    @Test
    void activatingAgainADeviceChargedOnceIsRecordedAsNotCharged() {
        history.added("d-1", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);
        history.deleted("d-1");
        history.added("d-1", AuthType.DYNAMIC);
        EventEnvelope again = history.activated("d-1", AuthType.DYNAMIC);

        LedgerChanges changes = fold(history.envelopes());

        LedgerEntry last = changes.entries().get(changes.entries().size() - 1);
        assertThat(last.kind()).isEqualTo(EntryKind.NOT_CHARGED);
        assertThat(last.eventId()).isEqualTo(again.eventId());
        assertThat(changes.balances().get(0).after().consumed()).isEqualTo(1);
    }

    @Test
    void eventsTheBalanceAlreadyHoldsAreLeftOut() {
        history.added("d-1", AuthType.DYNAMIC);
        history.added("d-2", AuthType.DYNAMIC);
        Balance stored = new Balance("pk-1", 10, 1, 0, 0, 0, 2);

        LedgerChanges changes = LedgerChanges.fold(sequenced(history.envelopes()), Map.of("pk-1", stored));

        assertThat(changes.balances()).singleElement().satisfies(c -> {
            assertThat(c.before()).isEqualTo(stored);
            assertThat(c.after()).isEqualTo(new Balance("pk-1", 10, 2, 0, 0, 0, 3));
        });
        assertThat(changes.entries()).extracting(LedgerEntry::deviceKey).containsExactly("d-2");
    }

    @Test
    void aRedeliveredBatchChangesNothing() {
        history.added("d-1", AuthType.DYNAMIC);
        Balance stored = balanceAfter(history.envelopes());

        LedgerChanges changes = LedgerChanges.fold(sequenced(history.envelopes()), Map.of("pk-1", stored));

        assertThat(changes.balances()).isEmpty();
        assertThat(changes.entries()).isEmpty();
        assertThat(changes.charged()).isEmpty();
    }

    @Test
    void aStatedTotalThatDisagreesIsADrift() {
        DeviceAdded wrong = new DeviceAdded("pk-1", "d-1", AuthType.DYNAMIC, null, false, null, null, true, 5);
        List<SequencedEvent> events = new java.util.ArrayList<>(sequenced(history.envelopes()));
        events.add(new SequencedEvent("e-x", 2, Instant.EPOCH, wrong));

        LedgerChanges changes = LedgerChanges.fold(events, Map.of());

        assertThat(changes.drifts()).containsExactly(new Drift("pk-1", 2, "DeviceAdded", "available", 5, 9));
        assertThat(changes.balances().get(0).after().drifts()).isEqualTo(1);
        assertThat(changes.balances().get(0).after().available()).isEqualTo(9);
    }

    private static Balance balanceAfter(List<EventEnvelope> envelopes) {
        return fold(envelopes).balances().get(0).after();
    }

    private static LedgerChanges fold(List<EventEnvelope> envelopes) {
        return LedgerChanges.fold(sequenced(envelopes), Map.of());
    }
}
