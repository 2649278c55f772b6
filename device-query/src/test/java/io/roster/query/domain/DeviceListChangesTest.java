package io.roster.query.domain;

import io.roster.contract.AuthType;
import io.roster.contract.DeviceId;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.readside.SequencedEvent;
import io.roster.contract.readside.fixture.ProductHistory;
import io.roster.contract.stream.EventEnvelope;
import io.roster.query.domain.DeviceListChanges.Recorded;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.roster.contract.readside.fixture.Batches.consumed;
import static org.assertj.core.api.Assertions.assertThat;

class DeviceListChangesTest {

    private final ProductHistory history = new ProductHistory("pk-1");

    @Test
    void productChangeCarriesTheLastTotalsOfTheRun() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
        history.added("d-1", AuthType.DYNAMIC);
        history.added("d-2", AuthType.DYNAMIC);
        history.granted(5);
        history.deleted("d-1");

        ProductChange change = fold(history.envelopes()).products().get(0);

        assertThat(change.lastSeq()).isEqualTo(5);
        assertThat(change.created().name()).isEqualTo("Lamp");
        assertThat(change.createdAt()).isEqualTo(history.envelopes().get(0).timestamp());
        assertThat(change.codesGranted()).isEqualTo(15);
        assertThat(change.codesAvailable()).isEqualTo(14);
    }

    @Test
    void activationLeavesTheProductAlone() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(1);
        history.added("d-1", AuthType.DYNAMIC);
        EventEnvelope activated = history.activated("d-1", AuthType.DYNAMIC);

        DeviceListChanges changes = fold(List.of(activated));

        assertThat(changes.products()).isEmpty();
        assertThat(changes.devices()).singleElement()
                .satisfies(d -> assertThat(d.activatedAt()).isEqualTo(activated.timestamp()))
                .satisfies(d -> assertThat(d.createsDevice()).isFalse());
    }

    @Test
    void eventsTheDocumentsAlreadyHoldAreLeftOut() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
        history.added("d-1", AuthType.DYNAMIC);
        history.added("d-2", AuthType.STATIC);

        DeviceListChanges changes = DeviceListChanges.fold(recorded(history.envelopes()),
                Map.of("pk-1", 2L), Map.of(new DeviceId("pk-1", "d-1"), 2L));

        assertThat(changes.products()).singleElement().satisfies(p -> {
            assertThat(p.lastSeq()).isEqualTo(3);
            assertThat(p.created()).isNull();
            assertThat(p.codesGranted()).isNull();
            assertThat(p.codesAvailable()).isEqualTo(8);
        });
        assertThat(changes.devices()).extracting(c -> c.device().deviceKey()).containsExactly("d-2");
    }

    @Test
    void redeliveredBatchGivesNoChangeAtAll() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
        history.added("d-1", AuthType.DYNAMIC);

        DeviceListChanges changes = DeviceListChanges.fold(recorded(history.envelopes()),
                Map.of("pk-1", 2L), Map.of(new DeviceId("pk-1", "d-1"), 2L));

        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void duplicatesWithinTheBatchAreIgnored() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
        EventEnvelope added = history.added("d-1", AuthType.DYNAMIC);
        EventEnvelope deleted = history.deleted("d-1");
        List<EventEnvelope> batch = new ArrayList<>(history.envelopes());
        batch.add(added);

        DeviceChange change = fold(batch).devices().get(0);

        assertThat(change.lastSeq()).isEqualTo(deleted.sequenceNumber());
        assertThat(change.deletedAt()).isEqualTo(deleted.timestamp());
    }

    @Test
    void reAddAfterDeletionStartsTheDeviceAfresh() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
        history.added("d-1", AuthType.DYNAMIC);
        history.activated("d-1", AuthType.DYNAMIC);
        history.deleted("d-1");
        EventEnvelope reAdded = history.added("d-1", AuthType.X509, "SN-9", true, "ab12");

        DeviceChange change = fold(history.envelopes()).devices().get(0);

        assertThat(change.added().authType()).isEqualTo(AuthType.X509);
        assertThat(change.added().sn()).isEqualTo("SN-9");
        assertThat(change.addedAt()).isEqualTo(reAdded.timestamp());
        assertThat(change.activatedAt()).isNull();
        assertThat(change.deletedAt()).isNull();
        assertThat(change.lastSeq()).isEqualTo(reAdded.sequenceNumber());
    }

    @Test
    void deletionAfterActivationKeepsBothInTheChange() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
        history.added("d-1", AuthType.DYNAMIC);
        EventEnvelope activated = history.activated("d-1", AuthType.DYNAMIC);
        EventEnvelope deleted = history.deleted("d-1");

        DeviceChange change = fold(history.envelopes()).devices().get(0);

        assertThat(change.activatedAt()).isEqualTo(activated.timestamp());
        assertThat(change.deletedAt()).isEqualTo(deleted.timestamp());
    }

    @Test
    void pinnedCertificateShowsAndItsResetClearsIt() {
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);
        history.granted(10);
        history.added("x-1", AuthType.X509);
        history.pinned("x-1", "ab".repeat(32));

        DeviceChange pinned = fold(history.envelopes()).devices().get(0);
        history.fingerprintReset("x-1", "ab".repeat(32));
        DeviceChange reset = fold(history.envelopes()).devices().get(0);

        assertThat(pinned.fingerprintChanged()).isTrue();
        assertThat(pinned.fingerprint()).isEqualTo("ab".repeat(32));
        assertThat(reset.fingerprintChanged()).isTrue();
        assertThat(reset.fingerprint()).isNull();
    }

    private static DeviceListChanges fold(List<EventEnvelope> envelopes) {
        return DeviceListChanges.fold(recorded(envelopes), Map.of(), Map.of());
    }

    private static List<Recorded> recorded(List<EventEnvelope> envelopes) {
        return consumed(envelopes).stream()
                .map(c -> new Recorded(SequencedEvent.of(c), c.envelope().region()))
                .toList();
    }
}
