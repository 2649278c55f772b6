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
import io.roster.ledger.application.EntryFilter;
import io.roster.ledger.domain.Balance;
import io.roster.ledger.domain.Codes;
import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerChanges;
import io.roster.ledger.domain.LedgerEntry;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
        assertThat(entries(null).items()).extracting(LedgerEntry::kind)
                .containsExactly(EntryKind.GRANT, EntryKind.RESERVE, EntryKind.RESERVE, EntryKind.CONSUME, EntryKind.REFUND);
        assertThat(entries(EntryKind.RESERVE).total()).isEqualTo(2);
        assertThat(readModel.findCharged("pk-1", "d-1")).hasValueSatisfying(c ->
                assertThat(c.entryId()).isEqualTo(history.envelopes().get(4).eventId()));
        assertThat(readModel.findCharged("pk-1", "d-2")).isEmpty();
        assertThat(readModel.findCharged("pk-1", "d 1")).isEmpty();
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
        assertThat(entries(null).items()).extracting(LedgerEntry::kind)
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

    @Test
    void theCodesAtAnInstantOrAPositionComeFromTheEntries() {
        history.added("d-1", AuthType.DYNAMIC); // seq 2, at start + 2 s
        history.added("d-2", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);
        history.pinned("d-1", "ab".repeat(32)); // seq 5: moves no code
        history.deleted("d-2");
        apply(history.envelopes());
        Instant start = history.envelopes().get(0).timestamp();

        assertThat(readModel.lastEntryAsOf("pk-1", start)).isEmpty();
        assertThat(readModel.lastEntryAsOf("pk-1", start.plusMillis(2500)).orElseThrow().after())
                .isEqualTo(new Codes(10, 1, 0, 0));
        assertThat(readModel.lastEntryAsOf("pk-1", start.plusSeconds(5)).orElseThrow().after())
                .isEqualTo(new Codes(10, 1, 1, 0));
        assertThat(readModel.lastEntryAtOrBefore("pk-1", 5).orElseThrow().seq()).isEqualTo(4);
        assertThat(readModel.lastEntryAtOrBefore("pk-1", 6).orElseThrow().after()).isEqualTo(new Codes(10, 0, 1, 1));
        assertThat(readModel.findEntries(new EntryFilter("pk-1", null, start.plusSeconds(2), start.plusSeconds(4)),
                new PageRequest(0, 10)).items()).extracting(LedgerEntry::seq).containsExactly(2L, 3L);
        assertThat(readModel.findEntries(new EntryFilter(null, EntryKind.RESERVE, null, null), new PageRequest(0, 10))
                .items()).extracting(LedgerEntry::deviceKey).containsExactly("d-1", "d-2");
    }

    /**
     * The consumer dies at random points, after a random part of a batch's writes, and starts again from offsets
     * that may be older than what it applied: the ledger ends exactly as if each event had been applied once.
     */
    @Test
    void crashesAtRandomPointsLeaveTheLedgerAsIfEachEventWasAppliedOnce() {
        for (long seed = 1; seed <= 12; seed++) {
            Random random = new Random(seed);
            List<EventEnvelope> events = RandomHistories.interleaved(random, 3, 120);
            newDatabase("ledger-clean");
            MongoLedgerProjection clean = new MongoLedgerProjection(database, new SimpleMeterRegistry());
            clean.createIndexes();
            clean.apply(Batches.consumed(events));
            List<Document> expected = snapshot();

            newDatabase("ledger-crashed");
            projection = new MongoLedgerProjection(database, new SimpleMeterRegistry());
            projection.createIndexes();
            readModel = new MongoLedgerReadModel(database);
            int committed = 0;
            int crashes = 0;
            while (committed < events.size()) {
                int end = Math.min(events.size(), committed + 1 + random.nextInt(40));
                List<EventEnvelope> batch = events.subList(committed, end);
                if (random.nextInt(3) == 0) {
                    crashes++;
                    writePartOf(batch, random);
                    committed = random.nextInt(committed + 1); // offsets stored some batches ago
                } else {
                    apply(batch);
                    committed = end;
                }
            }

            assertThat(snapshot()).as("seed %d, %d crashes", seed, crashes).isEqualTo(expected);
            assertThat(meters.counter("roster.ledger.drift").count()).isZero();
        }
    }

    /** What a consumer killed in the middle of {@link MongoLedgerProjection#write} leaves behind. */
    private void writePartOf(List<EventEnvelope> batch, Random random) {
        java.util.Map<String, Balance> stored = new java.util.HashMap<>();
        batch.stream().map(e -> e.productKey()).distinct()
                .forEach(pk -> readModel.findBalance(pk).ifPresent(b -> stored.put(pk, b)));
        LedgerChanges changes = LedgerChanges.fold(sequenced(batch), stored);
        List<LedgerEntry> someEntries = changes.entries().subList(0, random.nextInt(changes.entries().size() + 1));
        projection.write(new LedgerChanges(List.of(), someEntries,
                random.nextBoolean() ? changes.charged() : List.of(), List.of()));
        if (random.nextBoolean() && !changes.balances().isEmpty()) {
            // all of it written but the offsets: the balances went through too
            projection.write(new LedgerChanges(changes.balances().subList(0, 1), changes.entries(), changes.charged(),
                    List.of()));
        }
    }

    private io.roster.contract.readside.Page<LedgerEntry> entries(EntryKind kind) {
        return readModel.findEntries(new EntryFilter("pk-1", kind, null, null), new PageRequest(0, 10));
    }

    private void apply(List<EventEnvelope> envelopes) {
        projection.apply(Batches.consumed(envelopes));
    }

    private List<Document> snapshot() {
        return snapshot("balances", "entries", "charged");
    }
}
