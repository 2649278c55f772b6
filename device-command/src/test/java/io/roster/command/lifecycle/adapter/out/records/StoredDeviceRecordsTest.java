package io.roster.command.lifecycle.adapter.out.records;

import io.roster.command.lifecycle.domain.DeviceRecord;
import io.roster.contract.AuthType;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How stored device records follow a product's events, and recover when a write of them was lost. */
class StoredDeviceRecordsTest {

    private static final String PK = "pk1";

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(storage).build();
    private final MemoryDeviceRecords records = new MemoryDeviceRecords(events);
    private long next;

    StoredDeviceRecordsTest() {
        events.subscribe(records::record);
    }

    @AfterEach
    void stop() {
        events.shutDown();
    }

    private static DeviceAdded added(String deviceKey, boolean charged) {
        return new DeviceAdded(PK, deviceKey, AuthType.DYNAMIC, null, false, null, null, charged, 0);
    }

    private DomainEventMessage<?> event(Object payload) {
        return new GenericDomainEventMessage<>("Product", PK, next++, payload);
    }

    /** Published in a unit of work, as a command's events are. */
    private void publish(Object... payloads) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (Object payload : payloads) {
            messages.add(event(payload));
        }
        DefaultUnitOfWork.startAndGet(null).execute(() -> events.publish(messages));
    }

    @Test
    void recordsShouldFollowTheEventsOfEachUnitOfWork() {
        publish(new ActivationCodesGranted(PK, 2, 2, 2), added("a", true), added("b", true));
        publish(new DeviceActivated(PK, "a", AuthType.DYNAMIC, true), new DeviceDeleted(PK, "a", false, true, 1));

        Map<String, DeviceRecord> found = records.find(PK, next - 1, List.of("a", "b", "c"));

        assertThat(found.get("a")).isEqualTo(new DeviceRecord(false, null, false, false, false, null, true));
        assertThat(found.get("b")).isEqualTo(new DeviceRecord(true, AuthType.DYNAMIC, true, false, false, null, false));
        assertThat(found.get("c")).isEqualTo(DeviceRecord.NEVER_ADDED);
        assertThat(records.storedMark(PK)).isEqualTo(next - 1);
    }

    @Test
    void aCommittedMarkShouldSpareTheReadOfIt() {
        publish(added("a", true));
        int before = records.markReads();

        records.find(PK, next - 1, "a");

        assertThat(records.markReads()).isEqualTo(before);
    }

    /** A command reads the rows it decides on; its events are folded onto those rows, not read again. */
    @Test
    void theRowsReadToDecideShouldNotBeReadAgainToRecord() {
        publish(new ActivationCodesGranted(PK, 2, 2, 2), added("a", true));
        DefaultUnitOfWork.startAndGet(null).execute(() -> {
            records.find(PK, next - 1, List.of("a", "b"));
            int before = records.rowReads();
            events.publish(event(new DeviceActivated(PK, "a", AuthType.DYNAMIC, true)), event(added("b", true)));
            events.publish(event(new DeviceDeleted(PK, "a", false, true, 1)));
            assertThat(records.rowReads()).isEqualTo(before);
        });

        Map<String, DeviceRecord> found = records.find(PK, next - 1, List.of("a", "b"));

        assertThat(found.get("a")).isEqualTo(new DeviceRecord(false, null, false, false, false, null, true));
        assertThat(found.get("b")).isEqualTo(new DeviceRecord(true, AuthType.DYNAMIC, true, false, false, null, false));
    }

    /** Events appended and their records' write lost (a crash in between, on a store without transactions). */
    @Test
    void aLostWriteShouldBeCaughtUpFromTheEventStoreBeforeTheNextDecision() {
        publish(added("a", true));
        storage.appendEvents(event(new DeviceActivated(PK, "a", AuthType.DYNAMIC, true)),
                event(new DeviceDeleted(PK, "a", false, true, 1)));
        assertThat(records.storedMark(PK)).isEqualTo(0);

        assertThat(records.find(PK, next - 1, "a")).isEqualTo(new DeviceRecord(false, null, false, false, false, null, true));
        assertThat(records.storedMark(PK)).isEqualTo(next - 1);
    }

    /** A product whose events were stored before there were records: brought up in chunks, each written alone. */
    @Test
    void aHistoryWithoutRecordsShouldBeBroughtUpInChunks() {
        List<DomainEventMessage<?>> history = new ArrayList<>();
        int devices = StoredDeviceRecords.CATCH_UP_CHUNK * 2 + 500;
        for (int i = 0; i < devices; i++) {
            history.add(event(added("d" + i, true)));
        }
        history.add(event(new DeviceActivated(PK, "d7", AuthType.DYNAMIC, true)));
        storage.appendEvents(history);

        Map<String, DeviceRecord> found = records.find(PK, next - 1, List.of("d0", "d7", "d" + (devices - 1), "none"));

        assertThat(found.get("d0").listed()).isTrue();
        assertThat(found.get("d7").activatedOnce()).isTrue();
        assertThat(found.get("d" + (devices - 1)).listed()).isTrue();
        assertThat(found.get("none")).isEqualTo(DeviceRecord.NEVER_ADDED);
        assertThat(records.storedMark(PK)).isEqualTo(next - 1);
    }
}
