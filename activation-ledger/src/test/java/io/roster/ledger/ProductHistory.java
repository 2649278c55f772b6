package io.roster.ledger;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes one product's history the way device-command would: sequence numbers from 0, and quota
 * fields ({@code available}, {@code codeCharged}, {@code refunded}, ...) that follow the code rules.
 * Every envelope it made is kept, so a test can publish the same history again.
 */
public final class ProductHistory {

    public static final String REGION = "region-1";
    private static final EventCodec CODEC = new EventCodec();

    private final String productKey;
    private final Instant start;
    private final List<EventEnvelope> envelopes = new ArrayList<>();
    private final Set<String> everActivated = new HashSet<>();
    private final Map<String, Boolean> charged = new HashMap<>();
    private final Set<String> activeNow = new HashSet<>();
    private long seq;
    private long granted;
    private long available;

    public ProductHistory(String productKey) {
        this(productKey, Instant.parse("2025-01-01T00:00:00Z"));
    }

    public ProductHistory(String productKey, Instant start) {
        this.productKey = productKey;
        this.start = start;
    }

    public static ProductHistory random(String prefix) {
        return new ProductHistory(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String productKey() {
        return productKey;
    }

    /** Every envelope made so far, in order. */
    public List<EventEnvelope> envelopes() {
        return List.copyOf(envelopes);
    }

    public EventEnvelope last() {
        return envelopes.get(envelopes.size() - 1);
    }

    public long available() {
        return available;
    }

    public EventEnvelope created(String name, Protocol protocol, NodeType nodeType) {
        return record(new ProductCreated(productKey, name, protocol, nodeType, new EncryptedSecret("kek-1", "cHJvZHVjdC1zZWNyZXQtY2lwaGVy")));
    }

    public EventEnvelope granted(int count) {
        granted += count;
        available += count;
        return record(new ActivationCodesGranted(productKey, count, granted, available));
    }

    public EventEnvelope added(String deviceKey, AuthType authType) {
        return added(deviceKey, authType, null, false, null);
    }

    public EventEnvelope added(String deviceKey, AuthType authType, String sn, boolean crossRegion, String fingerprint) {
        boolean codeCharged = !everActivated.contains(deviceKey);
        if (codeCharged) {
            available--;
        }
        charged.put(deviceKey, codeCharged);
        activeNow.remove(deviceKey);
        EncryptedSecret secret = authType == AuthType.STATIC ? new EncryptedSecret("kek-1", staticSecretCipher(deviceKey)) : null;
        return record(new DeviceAdded(productKey, deviceKey, authType, sn, crossRegion, secret, fingerprint, codeCharged,
                available));
    }

    public EventEnvelope activated(String deviceKey, AuthType authType) {
        boolean consumed = charged.getOrDefault(deviceKey, false) && !activeNow.contains(deviceKey);
        everActivated.add(deviceKey);
        activeNow.add(deviceKey);
        return record(new DeviceActivated(productKey, deviceKey, authType, consumed));
    }

    public EventEnvelope deleted(String deviceKey) {
        boolean refunded = charged.getOrDefault(deviceKey, false) && !activeNow.contains(deviceKey);
        if (refunded) {
            available++;
        }
        charged.remove(deviceKey);
        activeNow.remove(deviceKey);
        return record(new DeviceDeleted(productKey, deviceKey, refunded, everActivated.contains(deviceKey), available));
    }

    /** The cipher text a static device's secret travels as; a test can check it appears nowhere. */
    public static String staticSecretCipher(String deviceKey) {
        return "c3RhdGljLXNlY3JldC1vZi0" + deviceKey.replaceAll("[^A-Za-z0-9]", "");
    }

    private EventEnvelope record(RosterEvent event) {
        long sequence = seq++;
        EventEnvelope envelope = CODEC.envelope(UUID.randomUUID().toString(), productKey, sequence,
                start.plusSeconds(sequence), REGION, event);
        envelopes.add(envelope);
        return envelope;
    }
}
