package io.roster.devstack.infra;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Apache Kafka broker running inside this JVM in KRaft mode, as one combined broker and
 * controller node with a plaintext listener on {@code localhost}.
 *
 * <p>Settings are those of a single-node development cluster: replication factor 1 for internal
 * topics, no automatic topic creation and no initial rebalance delay. With a persistent data
 * directory, starting again on the same directory keeps the cluster id and every topic's log.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, null)) {
 *     kafka.createTopic("device.events", 6);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Node ids need only differ between brokers sharing this JVM, whose JMX names include them; a random
     * one also avoids the id of a directory formatted by an earlier run.
     */
    private static final int MAX_NODE_ID = 1 << 20;

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;
    private final boolean deleteOnClose;
    private final Admin admin;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, Path logDir, boolean deleteOnClose) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis()));
    }

    /**
     * Formats the log directory if it is new, starts the broker and waits until it accepts requests.
     *
     * @param port    the client port, or 0 to pick a free one
     * @param dataDir the log directory to keep across restarts, or {@code null} for a temporary one that
     *                {@link #close()} deletes
     * @return the running broker
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir) {
        QuietLogs.warnOnly("kafka", "org.apache.kafka", "state.change.logger");
        // a single-node controller announces its normal activation at WARN
        QuietLogs.errorOnly("org.apache.kafka.controller.QuorumController");
        boolean temporary = dataDir == null;
        Path logDir = temporary ? TempDirs.create("roster-kafka-") : dataDir.toAbsolutePath();
        int clientPort = FreePorts.orPick(port);
        try {
            Files.createDirectories(logDir);
            int nodeId = formatIfNeeded(logDir);
            KafkaConfig config = new KafkaConfig(brokerProperties(nodeId, clientPort, FreePorts.pick(), logDir), false);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                throw e;
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, clientPort, logDir, temporary);
            broker.awaitReady();
            return broker;
        } catch (IOException | RuntimeException e) {
            if (temporary) {
                TempDirs.deleteRecursively(logDir);
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot start Kafka in " + logDir, io)
                    : (RuntimeException) e;
        }
    }

    /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:9092}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The client port. */
    public int port() {
        return port;
    }

    /** The broker's log directory. */
    public Path dataDir() {
        return logDir;
    }

    /**
     * Creates a topic with unlimited retention if it does not exist yet and waits until every partition
     * has a leader. Calling it again for an existing topic does nothing.
     *
     * @param name       the topic name
     * @param partitions the number of partitions for a new topic
     */
    public void createTopic(String name, int partitions) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        }
        awaitLeaders(name);
    }

    /** Stops the broker and, if it ran in a temporary directory, deletes that directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        admin.close(Duration.ofSeconds(5));
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            TempDirs.deleteRecursively(logDir);
        }
    }

    /** Re-uses the node id of an already formatted directory; formats a new one with a fresh cluster id. */
    private static int formatIfNeeded(Path logDir) throws IOException {
        MetaPropertiesEnsemble existing = new MetaPropertiesEnsemble.Loader()
                .addLogDirs(List.of(logDir.toString()))
                .addMetadataLogDir(logDir.toString())
                .load();
        if (existing.nodeId().isPresent()) {
            return existing.nodeId().getAsInt();
        }
        int nodeId = ThreadLocalRandom.current().nextInt(1, MAX_NODE_ID);
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(nodeId)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new IOException("cannot format the Kafka log directory " + logDir, e);
        }
        return nodeId;
    }

    private static Properties brokerProperties(int nodeId, int clientPort, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", nodeId + "@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + clientPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // the defaults size these for a production host: a 128 MB dedupe buffer per broker and many threads
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("background.threads", "4");
        return p;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = new IllegalStateException("Kafka on " + bootstrapServers() + " is not ready", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while Kafka was starting", e);
            }
            pause();
        }
        close();
        throw last != null ? last : new IllegalStateException("Kafka on " + bootstrapServers() + " did not start");
    }

    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(5, TimeUnit.SECONDS).get(topic);
                if (description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // metadata not propagated yet; ask again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for topic " + topic, e);
            }
            pause();
        }
        throw new IllegalStateException("topic " + topic + " has partitions without a leader");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
