package io.roster.devstack;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.roster.devstack.infra.EmbeddedKafkaBroker;
import io.roster.devstack.infra.EmbeddedMongoServer;
import io.roster.devstack.infra.EmbeddedPostgresServer;

/** One region's Kafka broker, PostgreSQL and MongoDB-wire server. */
final class RegionInfra implements AutoCloseable {

    /** The topic every event is published to. */
    static final String EVENTS_TOPIC = "device.events";
    static final int EVENTS_PARTITIONS = 6;

    private final RegionPorts ports;
    private final Path kafkaDir;
    private EmbeddedKafkaBroker kafka;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedMongoServer mongo;

    private RegionInfra(RegionPorts ports, Path kafkaDir, EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres,
                        EmbeddedMongoServer mongo) {
        this.ports = ports;
        this.kafkaDir = kafkaDir;
        this.kafka = kafka;
        this.postgres = postgres;
        this.mongo = mongo;
    }

    /**
     * Starts the three servers (PostgreSQL, a separate process, in parallel with the others), creates
     * the events topic and the event store database.
     *
     * @param dir        the region's data directory
     * @param persistent whether MongoDB keeps its data in a file under {@code dir} rather than in memory
     */
    static RegionInfra start(RegionPorts ports, Path dir, boolean persistent) {
        CompletableFuture<EmbeddedPostgresServer> postgres =
                CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.start(ports.postgres(), dir.resolve("postgres")));
        EmbeddedKafkaBroker kafka = null;
        EmbeddedMongoServer mongo = null;
        try {
            kafka = EmbeddedKafkaBroker.start(ports.kafka(), dir.resolve("kafka"));
            kafka.createTopic(EVENTS_TOPIC, EVENTS_PARTITIONS);
            mongo = EmbeddedMongoServer.start(ports.mongo(), persistent ? dir.resolve("mongo.mv") : null);
            EmbeddedPostgresServer started = postgres.join();
            started.createDatabase(RegionEndpoints.DATABASE);
            return new RegionInfra(ports, kafka.dataDir(), kafka, started, mongo);
        } catch (RuntimeException e) {
            closeQuietly(mongo);
            closeQuietly(kafka);
            postgres.thenAccept(RegionInfra::closeQuietly).exceptionally(ignored -> null).join();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new DevStackException("cannot start the infrastructure of " + ports.region() + ": " + cause.getMessage(), cause);
        }
    }

    RegionEndpoints endpoints() {
        return RegionEndpoints.of(ports, postgres.user(), postgres.password());
    }

    RegionPorts ports() {
        return ports;
    }

    /** Whether the region's Kafka broker runs. */
    synchronized boolean kafkaRunning() {
        return kafka != null;
    }

    /** Stops the region's Kafka broker, as an outage would; its log directory stays. Nothing if it is stopped. */
    synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /**
     * Starts the region's Kafka broker again on its port and log directory, so that its topics and records are as
     * they were; returns once it accepts requests. Nothing if it runs.
     */
    synchronized void startKafka() {
        if (kafka == null) {
            kafka = EmbeddedKafkaBroker.start(ports.kafka(), kafkaDir);
        }
    }

    /** Stops Kafka, then MongoDB, then PostgreSQL; a failure to stop one does not keep the others running. */
    @Override
    public synchronized void close() {
        closeQuietly(kafka);
        closeQuietly(mongo);
        closeQuietly(postgres);
    }

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("could not stop " + resource.getClass().getSimpleName() + ": " + e);
        }
    }
}
