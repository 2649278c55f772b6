package io.roster.query.adapter.out.mongo;

import io.roster.contract.AuthType;
import io.roster.contract.DeviceId;
import io.roster.contract.DeviceStatus;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.CrossRegionDeviceConnected;
import io.roster.contract.event.CrossRegionDeviceRemoved;
import io.roster.contract.event.CrossRegionDeviceReplicated;
import io.roster.contract.event.ProductReplicated;
import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.contract.readside.SequencedEvent;
import io.roster.contract.readside.fixture.Batches;
import io.roster.contract.readside.fixture.MongoProjectionFixture;
import io.roster.contract.readside.fixture.ProductHistory;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.query.domain.CrossRegionFilter;
import io.roster.query.domain.Device;
import io.roster.query.domain.DeviceChange;
import io.roster.query.domain.DeviceFilter;
import io.roster.query.domain.DeviceListChanges;
import io.roster.query.domain.DeviceListChanges.Recorded;
import io.roster.query.domain.ProductChange;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The projection's update forms against the embedded MongoDB-wire server, without Kafka or Spring. */
class MongoDeviceListProjectionIT extends MongoProjectionFixture {

    private static final EventCodec CODEC = new EventCodec();

    private MongoDeviceListProjection projection;
    private MongoDeviceListReadModel readModel;

    @BeforeEach
    void freshDatabase() {
        newDatabase("projection");
        projection = new MongoDeviceListProjection(database);
        projection.createIndexes();
        readModel = new MongoDeviceListReadModel(database);
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
    }

    @Test
    void appliesAHistoryWithoutStoringAnySecret() {
        history.added("d-1", AuthType.STATIC, "SN-1", true, null);
        history.added("d-2", AuthType.X509, null, false, "ab".repeat(32));
        history.activated("d-2", AuthType.X509);

        apply(history.envelopes());

        assertThat(readModel.findProduct("pk-1")).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("Lamp");
            assertThat(p.codesGranted()).isEqualTo(10);
            assertThat(p.codesAvailable()).isEqualTo(8);
            assertThat(p.codesInUse()).isEqualTo(2);
        });
        assertThat(readModel.findDevice("pk-1", "d-2")).hasValueSatisfying(d -> {
            assertThat(d.status()).isEqualTo(DeviceStatus.ACTIVATED);
            assertThat(d.certificateFingerprint()).isEqualTo("ab".repeat(32));
        });
        List<Document> all = new ArrayList<>();
        database.getCollection("products").find().into(all);
        database.getCollection("devices").find().into(all);
        assertThat(all).allSatisfy(d -> assertThat(d.toJson()).doesNotContainIgnoringCase("secret")
                .doesNotContain(ProductHistory.staticSecretCipher("d-1")));
    }

    @Test
    void redeliveryChangesNothing() {
        history.added("d-1", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);
        apply(history.envelopes());
        List<Document> before = snapshot();

        apply(history.envelopes());
        apply(history.envelopes().subList(2, 4));

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aBatchInterruptedBetweenItsWritesIsCompletedOnRedelivery() {
        history.added("d-1", AuthType.DYNAMIC);
        apply(history.envelopes());
        history.added("d-2", AuthType.STATIC);
        history.activated("d-1", AuthType.DYNAMIC);
        List<EventEnvelope> next = history.envelopes().subList(3, 5);
        // as if the consumer died after writing the batch's products but before its devices
        DeviceListChanges partial = DeviceListChanges.fold(
                recorded(next), java.util.Map.of(), java.util.Map.of());
        projection.write(new DeviceListChanges(partial.products(), List.of()));

        apply(next);

        assertThat(readModel.findProduct("pk-1").orElseThrow().codesAvailable()).isEqualTo(8);
        assertThat(readModel.findDevice("pk-1", "d-1")).hasValueSatisfying(d -> assertThat(d.status()).isEqualTo(DeviceStatus.ACTIVATED));
        assertThat(readModel.findDevice("pk-1", "d-2")).hasValueSatisfying(d -> assertThat(d.authType()).isEqualTo(AuthType.STATIC));
    }

    @Test
    void lastSeqNeverGoesBack() {
        history.added("d-1", AuthType.DYNAMIC);
        apply(history.envelopes());
        Instant at = Instant.parse("2030-01-01T00:00:00Z");

        projection.write(new DeviceListChanges(List.of(new ProductChange("pk-1", 0, null, null, 10L, 10L, null, null, null)),
                List.of(new DeviceChange(new DeviceId("pk-1", "d-1"), 1, null, null, at, null, false, null, null, null,
                        null, null, null, null))));

        assertThat(database.getCollection("products").find().first().getLong("lastSeq")).isEqualTo(2);
        assertThat(database.getCollection("devices").find().first().getLong("lastSeq")).isEqualTo(2);
    }

    @Test
    void anActivationOfADeviceNeverAddedCreatesNothing() {
        EventEnvelope orphan = CODEC.envelope("e-1", "pk-1", 7, Instant.EPOCH, "region-1",
                new io.roster.contract.event.DeviceActivated("pk-1", "ghost", AuthType.DYNAMIC, true));

        apply(List.of(orphan));

        assertThat(readModel.findDevice("pk-1", "ghost")).isEmpty();
    }

    @Test
    void aKeyNoDeviceCanHaveFindsNothing() {
        assertThat(readModel.findDevice("pk-1", "a b")).isEmpty();
        assertThat(readModel.findDevice("pk-1", "x".repeat(65))).isEmpty();
    }

    @Test
    void aReplayedOlderAdditionCannotResurrectADeletedDevice() {
        EventEnvelope added = history.added("d-1", AuthType.DYNAMIC);
        history.deleted("d-1");
        apply(history.envelopes());

        apply(List.of(added));

        assertThat(readModel.findDevice("pk-1", "d-1")).hasValueSatisfying(d -> assertThat(d.deleted()).isTrue());
        assertThat(readModel.findDevices("pk-1", DeviceFilter.all(), new PageRequest(0, 10)).total()).isZero();
    }

    @Test
    void aLaterAdditionReplacesTheTombstone() {
        history.added("d-1", AuthType.DYNAMIC, "SN-1", false, null);
        history.activated("d-1", AuthType.DYNAMIC);
        history.deleted("d-1");
        apply(history.envelopes());
        EventEnvelope reAdded = history.added("d-1", AuthType.STATIC, "SN-2", true, null);

        apply(List.of(reAdded));

        assertThat(readModel.findDevice("pk-1", "d-1")).hasValue(new Device("pk-1", "d-1", AuthType.STATIC,
                DeviceStatus.INACTIVE, "SN-2", true, null, reAdded.timestamp(), null, false, ProductHistory.REGION, false, false,
                false, true));
    }

    @Test
    void listsAreSortedPagedAndFiltered() {
        for (int i = 0; i < 7; i++) {
            String key = "d-" + (char) ('g' - i);
            history.added(key, i % 2 == 0 ? AuthType.DYNAMIC : AuthType.X509);
            if (i < 3) {
                history.activated(key, i % 2 == 0 ? AuthType.DYNAMIC : AuthType.X509);
            }
        }
        history.deleted("d-a");
        apply(history.envelopes());

        Page<Device> first = readModel.findDevices("pk-1", DeviceFilter.all(), new PageRequest(0, 4));
        Page<Device> second = readModel.findDevices("pk-1", DeviceFilter.all(), new PageRequest(1, 4));
        Page<Device> activatedDynamic = readModel.findDevices("pk-1",
                new DeviceFilter(DeviceStatus.ACTIVATED, AuthType.DYNAMIC, null), new PageRequest(0, 10));

        assertThat(first.items()).extracting(Device::deviceKey).containsExactly("d-b", "d-c", "d-d", "d-e");
        assertThat(first.total()).isEqualTo(6);
        assertThat(second.items()).extracting(Device::deviceKey).containsExactly("d-f", "d-g");
        assertThat(activatedDynamic.items()).extracting(Device::deviceKey).containsExactly("d-e", "d-g");
        assertThat(activatedDynamic.total()).isEqualTo(2);
    }

    @Test
    void aCopyRemovedAndCopiedAgainIsListedButNotConnectedUntilItConnectsAgain() {
        String pk = "pk-copy";
        List<EventEnvelope> first = List.of(
                CODEC.envelope("c-0", pk, 0, Instant.EPOCH, "region-1", new ProductReplicated(pk, "region-2", 3, "Tag",
                        Protocol.MQTT, NodeType.DIRECT, null, List.of())),
                CODEC.envelope("c-1", pk, 1, Instant.EPOCH, "region-1", copy(pk, 4)),
                CODEC.envelope("c-2", pk, 2, Instant.EPOCH.plusSeconds(2), "region-1",
                        new CrossRegionDeviceConnected(pk, "t-1", "region-2", 4)));
        apply(first);
        assertThat(readModel.findDevice(pk, "t-1")).hasValueSatisfying(d -> {
            assertThat(d.deleted()).isFalse();
            assertThat(d.connectedHere()).isTrue();
            assertThat(d.status()).isEqualTo(DeviceStatus.ACTIVATED);
        });

        apply(List.of(CODEC.envelope("c-3", pk, 3, Instant.EPOCH.plusSeconds(3), "region-1",
                new CrossRegionDeviceRemoved(pk, "t-1", "region-2", 5))));
        apply(List.of(CODEC.envelope("c-4", pk, 4, Instant.EPOCH.plusSeconds(4), "region-1", copy(pk, 6))));

        assertThat(readModel.findDevice(pk, "t-1")).hasValueSatisfying(d -> {
            assertThat(d.deleted()).isTrue();
            assertThat(d.connectedHere()).isFalse();
            assertThat(d.crossRegionListed()).isTrue();
            assertThat(d.homeRegion()).isEqualTo("region-2");
        });
        assertThat(readModel.findDevices(pk, DeviceFilter.all(), new PageRequest(0, 10)).total()).isZero();
        assertThat(readModel.findCrossRegionDevices(new CrossRegionFilter(pk, null), new PageRequest(0, 10)).total())
                .isEqualTo(1);
        assertThat(readModel.findProduct(pk)).hasValueSatisfying(p -> {
            assertThat(p.homeRegion()).isEqualTo("region-2");
            assertThat(p.replica()).isTrue();
            assertThat(p.codesGranted()).isZero();
        });
    }

    private static CrossRegionDeviceReplicated copy(String pk, long homeSequence) {
        return new CrossRegionDeviceReplicated(pk, "t-1", "region-2", homeSequence, AuthType.DYNAMIC, "SN-T1", null,
                null, List.of(), true);
    }

    @Test
    void clearEmptiesTheReadModelAndKeepsItUsable() {
        history.added("d-1", AuthType.DYNAMIC);
        apply(history.envelopes());

        projection.clear();

        assertThat(readModel.findProduct("pk-1")).isEmpty();
        assertThat(snapshot()).isEmpty();
        apply(history.envelopes());
        assertThat(readModel.findDevice("pk-1", "d-1")).isPresent();
    }

    private void apply(List<EventEnvelope> envelopes) {
        projection.apply(Batches.consumed(envelopes));
    }

    private static List<Recorded> recorded(List<EventEnvelope> envelopes) {
        return Batches.consumed(envelopes).stream()
                .map(c -> new Recorded(SequencedEvent.of(c), c.envelope().region()))
                .toList();
    }

    private List<Document> snapshot() {
        return snapshot("products", "devices");
    }
}
