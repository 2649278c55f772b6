package io.roster.ledger.adapter.out.mongo;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roster.contract.AuthType;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.readside.PageRequest;
import io.roster.contract.readside.fixture.Batches;
import io.roster.contract.readside.fixture.MongoProjectionFixture;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerChanges;
import io.roster.ledger.domain.LedgerEntry;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.roster.contract.readside.fixture.Batches.sequenced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger's update forms against the embedded MongoDB-wire server, without Kafka or Spring. */
class MongoLedgerProjectionIT extends MongoProjectionFixture {

    private static final EventCodec CODEC = new EventCodec();

    private SimpleMeterRegistry meters;
    private MongoLedgerProjection projection;
    private MongoLedgerReadModel readModel;

    @BeforeEach
    void freshDatabase() {
        newDatabase("ledger");
        meters = new SimpleMeterRegistry();
        projection = new MongoLedgerProjection(database, meters);
        projection.createIndexes();
        readModel = new MongoLedgerReadModel(database);
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
    }

    @Test
    void appliesTheCodeRules() {
        history.added("d-1", AuthType.DYNAMIC);
        history.added("d-2", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);
        history.deleted("d-2");
        history.deleted("d-1");

        apply(history.envelopes());

        assertThat(readModel.findBalance("pk-1")).hasValue(new Balance("pk-1", 10, 0, 1, 1, 0, 6));
        assertThat(readModel.findEntries("pk-1", null, new PageRequest(0, 10)).items()).extracting(LedgerEntry::kind)
                .containsExactly(EntryKind.GRANT, EntryKind.RESERVE, EntryKind.RESERVE, EntryKind.CONSUME, EntryKind.REFUND);
        assertThat(readModel.findEntries("pk-1", EntryKind.RESERVE, new PageRequest(0, 1)).total()).isEqualTo(2);
        assertThat(readModel.isCharged("pk-1", "d-1")).isTrue();
        assertThat(readModel.isCharged("pk-1", "d-2")).isFalse();
        assertThat(readModel.isCharged("pk-1", "d 1")).isFalse();
    }

    @Test
    void redeliveryChangesNothing() {
        history.added("d-1", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);
        apply(history.envelopes());
        List<Document> before = snapshot();

        apply(history.envelopes());
        apply(history.envelopes().subList(1, 3));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aBatchInterruptedAfterItsEntriesIsCompletedOnRedelivery() {
        history.added("d-1", AuthType.DYNAMIC);
        apply(history.envelopes());
        history.added("d-2", AuthType.DYNAMIC);
        history.activated("d-2", AuthType.DYNAMIC);
        List<EventEnvelope> next = history.envelopes().subList(3, 5);
        // as if the consumer died after writing part of the next batch's entries, before its balance
        LedgerChanges partial = LedgerChanges.fold(sequenced(next), java.util.Map.of("pk-1",
                readModel.findBalance("pk-1").orElseThrow()));
        projection.write(new LedgerChanges(List.of(), partial.entries().subList(0, 1), partial.charged(), List.of()));

        apply(next);

        assertThat(readModel.findBalance("pk-1")).hasValue(new Balance("pk-1", 10, 1, 1, 0, 0, 4));
        assertThat(readModel.findEntries("pk-1", null, new PageRequest(0, 10)).items()).extracting(LedgerEntry::kind)
                .containsExactly(EntryKind.GRANT, EntryKind.RESERVE, EntryKind.RESERVE, EntryKind.CONSUME);
    }

    @Test
    void aBalanceChangedMeanwhileFailsTheBatch() {
        apply(history.envelopes());
        Balance stale = new Balance("pk-1", 10, 0, 0, 0, 0, 0);
        Balance after = new Balance("pk-1", 11, 0, 0, 0, 0, 5);

        assertThatThrownBy(() -> projection.write(new LedgerChanges(
                List.of(new LedgerChanges.BalanceChange(stale, after)), List.of(), List.of(), List.of())))
                .isInstanceOf(IllegalStateException.class);
        assertThat(readModel.findBalance("pk-1").orElseThrow().granted()).isEqualTo(10);
    }

    @Test
    void driftIsCountedAndKept() {
        EventEnvelope wrong = CODEC.envelope("e-x", "pk-1", 2, Instant.EPOCH, "region-1",
                new DeviceAdded("pk-1", "d-1", AuthType.DYNAMIC, null, false, null, null, true, 3));
        List<EventEnvelope> events = new ArrayList<>(history.envelopes());
        events.add(wrong);

        apply(events);

        assertThat(meters.counter("roster.ledger.drift").count()).isEqualTo(1);
        assertThat(readModel.findBalance("pk-1").orElseThrow().drifts()).isEqualTo(1);
    }

    @Test
    void clearEmptiesTheLedgerAndKeepsItUsable() {
        history.added("d-1", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);
        apply(history.envelopes());

        projection.clear();

        assertThat(snapshot()).isEmpty();
        apply(history.envelopes());
        assertThat(readModel.findBalance("pk-1").orElseThrow().consumed()).isEqualTo(1);
    }

    private void apply(List<EventEnvelope> envelopes) {
        projection.apply(Batches.consumed(envelopes));
    }

    private List<Document> snapshot() {
        return snapshot("balances", "entries", "charged");
    }
}
