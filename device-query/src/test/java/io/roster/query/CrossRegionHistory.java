package io.roster.query;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.CrossRegionDeviceConnected;
import io.roster.contract.event.CrossRegionDeviceRemoved;
import io.roster.contract.event.CrossRegionDeviceReplicated;
import io.roster.contract.event.CrossRegionFingerprintPinned;
import io.roster.contract.event.CrossRegionSecretIssued;
import io.roster.contract.event.ProductReplicated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.readside.fixture.ProductHistory;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The history, in this region ({@link ProductHistory#REGION}), of a product copied from another region: its copies,
 * and its visitors' connections, secrets and pins, as device-command records them.
 */
final class CrossRegionHistory {

    static final String HOME = "region-2";
    static final String SECRET_CIPHER = "Y3Jvc3MtcmVnaW9uLXNlY3JldC1jaXBoZXI";

    private static final EventCodec CODEC = new EventCodec();

    private final String productKey;
    private final Instant start = Instant.parse("2025-02-01T00:00:00Z");
    private final List<EventEnvelope> envelopes = new ArrayList<>();
    private long seq;
    private long homeSeq = 10;

    CrossRegionHistory(String productKey) {
        this.productKey = productKey;
    }

    static CrossRegionHistory random(String prefix) {
        return new CrossRegionHistory(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
    }

    String productKey() {
        return productKey;
    }

    List<EventEnvelope> envelopes() {
        return List.copyOf(envelopes);
    }

    EventEnvelope product(String name) {
        return record(new ProductReplicated(productKey, HOME, homeSeq++, name, Protocol.MQTT, NodeType.DIRECT,
                new EncryptedSecret("kek-1", SECRET_CIPHER), List.of()));
    }

    EventEnvelope copy(String deviceKey, AuthType authType, String sn, String fingerprint, boolean activated) {
        EncryptedSecret secret = authType == AuthType.X509 ? null : new EncryptedSecret("kek-1", SECRET_CIPHER);
        return record(new CrossRegionDeviceReplicated(productKey, deviceKey, HOME, homeSeq++, authType, sn, secret,
                fingerprint, List.of(), activated));
    }

    EventEnvelope connected(String deviceKey) {
        return record(new CrossRegionDeviceConnected(productKey, deviceKey, HOME, homeSeq));
    }

    EventEnvelope secretIssued(String deviceKey) {
        return record(new CrossRegionSecretIssued(productKey, deviceKey, HOME, homeSeq,
                new EncryptedSecret("kek-1", SECRET_CIPHER)));
    }

    EventEnvelope pinned(String deviceKey, String fingerprint) {
        return record(new CrossRegionFingerprintPinned(productKey, deviceKey, HOME, homeSeq, fingerprint));
    }

    EventEnvelope removed(String deviceKey) {
        return record(new CrossRegionDeviceRemoved(productKey, deviceKey, HOME, homeSeq++));
    }

    private EventEnvelope record(RosterEvent event) {
        long sequence = seq++;
        EventEnvelope envelope = CODEC.envelope(UUID.randomUUID().toString(), productKey, sequence,
                start.plusSeconds(sequence), ProductHistory.REGION, event);
        envelopes.add(envelope);
        return envelope;
    }
}
