package io.roster.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * Everything device-command can be told, under {@code roster.*}. Defaults (in application.yml) run the
 * embedded stack; each one can be overridden by an environment variable.
 *
 * @param region     this deployment's region (data center) name, stamped on every published event
 * @param eventStore {@code postgres} (default) or {@code mongo}
 * @param nodeId     this instance's name in the processors' token claims; blank for the JVM's {@code pid@host}.
 *                   Instances sharing an event store must have distinct names, or each takes the other's claims
 */
@ConfigurationProperties("roster")
public record RosterCommandProperties(String region, String eventStore, String nodeId, Kafka kafka, Mongo mongo,
                                      Secrets secrets, Api api, Auth auth, Aggregates aggregates) {

    /** The node id for the token store: the configured one, or the JVM's {@code pid@host}. */
    public String tokenOwner() {
        return nodeId == null || nodeId.isBlank() ? java.lang.management.ManagementFactory.getRuntimeMXBean().getName()
                : nodeId;
    }

    /**
     * @param cacheSize        products kept loaded in memory (least recently used dropped first); each holds its
     *                         device list (~150 bytes a device)
     * @param snapshotInterval events of a product between two snapshots (the most a cold load replays)
     */
    public record Aggregates(int cacheSize, int snapshotInterval) {
    }

    /**
     * @param publisherEnabled  run the publisher here; exactly one instance per region should
     * @param publisherBatchSize events per publishing batch (one token write per batch)
     * @param tailScanRecords   records per partition read back at start to skip events already published
     */
    public record Kafka(String bootstrapServers, String topic, int partitions, short replicationFactor,
                        boolean publisherEnabled, int publisherBatchSize, int tailScanRecords) {
    }

    /**
     * @param trackingLookBack how far before the newest event it has read the Mongo event store's tracking reader
     *                         looks again for events that became visible late. An event is stamped when its command
     *                         runs and becomes visible when the command commits: one that commits later than this
     *                         after an event of another product was read is skipped by the stream (the publisher
     *                         then publishes it from the event store). Each token copy holds every event id of
     *                         the window, so keep it short (docs/benchmarks.md, "Adding devices", history)
     */
    public record Mongo(String uri, String database, Duration trackingLookBack) {
    }

    /**
     * @param activeKeyId id of the key-encryption key that encrypts new secrets
     * @param keys        key id to base64 of a 32-byte AES key; older ids stay for decryption
     * @param allowDevKey whether the built-in development key may be the active key (the embedded stack, tests);
     *                    without it device-command refuses to start when no key of its own is configured
     */
    public record Secrets(String activeKeyId, Map<String, String> keys, boolean allowDevKey) {
    }

    /**
     * @param idempotencyRetention how long an {@code Idempotency-Key}'s answer (or its committed mark) is kept
     * @param idempotencyLease     how long a request in flight holds its key; a retry after that runs unless the
     *                             first request's command committed. Longer than the slowest command takes
     */
    public record Api(int maxBodyBytes, Duration idempotencyRetention, Duration idempotencyLease) {
    }

    /**
     * @param replayGuardCapacity accepted signed requests remembered at once (16–32 bytes each); the sustained
     *                            accepted-connection rate it allows is this divided by the 300-second window
     * @param decisionPort        the decision port (connect and EMQX decisions on an event loop); 0 for any free
     *                            port, negative for none
     * @param decisionThreads     the decision port's event loop threads; 0 for one per core
     * @param deviceConnectCap    signed connections of one device admitted per 5 minutes on one instance, beyond
     *                            which they are denied RATE_LIMITED, so that no device can fill the replay guard
     * @param viewPollInterval    how often the credential view reads commits of other instances from the event store
     * @param viewSnapshotEvery   events applied to the credential view between two snapshots of it, from which a new
     *                            instance starts instead of replaying the whole store (PostgreSQL only), at least:
     *                            never fewer than the view holds devices; 0 for none
     */
    /**
     * @param advertisedHost how the other instances reach this one's decision port when it leads the replay claims;
     *                       blank for this host's address
     */
    public record Auth(int replayGuardCapacity, int decisionPort, int decisionThreads, int deviceConnectCap,
                       Duration viewPollInterval, long viewSnapshotEvery, String advertisedHost) {
    }
}
