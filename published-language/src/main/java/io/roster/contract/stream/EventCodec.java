package io.roster.contract.stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.CaCertificateUploaded;
import io.roster.contract.event.CaCertificateVerified;
import io.roster.contract.event.CrossRegionDeviceConnected;
import io.roster.contract.event.CrossRegionDeviceRemoved;
import io.roster.contract.event.CrossRegionDeviceReplicated;
import io.roster.contract.event.CrossRegionFingerprintPinned;
import io.roster.contract.event.CrossRegionProposalRejected;
import io.roster.contract.event.CrossRegionSecretIssued;
import io.roster.contract.event.DeviceCrossRegionDisabled;
import io.roster.contract.event.DeviceCrossRegionEnabled;
import io.roster.contract.event.ProductReplicated;
import io.roster.contract.event.DeviceSecretIssued;
import io.roster.contract.event.FingerprintPinned;
import io.roster.contract.event.FingerprintReset;
import io.roster.contract.event.SecretReset;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.DeviceEvent;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.event.SecretsReEncrypted;
import org.axonframework.serialization.Revision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns events into the topic's JSON envelope and back. The one place that knows the event type names,
 * so the publisher and every consumer agree on them.
 */
public final class EventCodec {

    private static final List<Class<? extends RosterEvent>> EVENT_TYPES = List.of(
            ProductCreated.class,
            ActivationCodesGranted.class,
            DeviceAdded.class,
            DeviceDeleted.class,
            DeviceActivated.class,
            SecretsReEncrypted.class,
            DeviceSecretIssued.class,
            SecretReset.class,
            FingerprintPinned.class,
            FingerprintReset.class,
            CaCertificateUploaded.class,
            CaCertificateVerified.class,
            DeviceCrossRegionEnabled.class,
            DeviceCrossRegionDisabled.class,
            CrossRegionProposalRejected.class,
            ProductReplicated.class,
            CrossRegionDeviceReplicated.class,
            CrossRegionDeviceRemoved.class,
            CrossRegionDeviceConnected.class,
            CrossRegionSecretIssued.class,
            CrossRegionFingerprintPinned.class);

    private static final Map<String, Class<? extends RosterEvent>> BY_NAME = EVENT_TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private final ObjectMapper mapper;

    public EventCodec() {
        this(defaultMapper());
    }

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public static ObjectMapper defaultMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The simple names of every event type this codec knows. */
    public static List<Class<? extends RosterEvent>> eventTypes() {
        return EVENT_TYPES;
    }

    /** Whether this version knows the event type of that name, so must be able to read every event of it. */
    public static boolean knows(String typeName) {
        return typeName != null && BY_NAME.containsKey(typeName);
    }

    public static String typeName(Class<?> eventType) {
        return eventType.getSimpleName();
    }

    public static String revisionOf(Class<?> eventType) {
        Revision revision = eventType.getAnnotation(Revision.class);
        return revision == null ? "1" : revision.value();
    }

    public EventEnvelope envelope(String eventId, String aggregateId, long sequenceNumber, Instant timestamp,
                                  String region, RosterEvent event) {
        String deviceKey = event instanceof DeviceEvent deviceEvent ? deviceEvent.deviceKey() : null;
        return new EventEnvelope(eventId, typeName(event.getClass()), revisionOf(event.getClass()), aggregateId,
                sequenceNumber, timestamp, region, event.productKey(), deviceKey, mapper.valueToTree(event));
    }

    public byte[] encode(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsBytes(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EventEnvelope decode(byte[] json) {
        try {
            return mapper.readValue(json, EventEnvelope.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The typed event inside an envelope, or empty for a type this version does not know (skipped by readers).
     *
     * @throws RuntimeException when the envelope is of a known type but its payload does not make that event
     */
    public Optional<RosterEvent> event(EventEnvelope envelope) {
        Class<? extends RosterEvent> type = envelope.type() == null ? null : BY_NAME.get(envelope.type());
        if (type == null) {
            return Optional.empty();
        }
        if (envelope.payload() == null || envelope.payload().isNull()) {
            throw new IllegalArgumentException("an envelope of type " + envelope.type() + " without a payload");
        }
        try {
            return Optional.of(mapper.treeToValue(envelope.payload(), type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
