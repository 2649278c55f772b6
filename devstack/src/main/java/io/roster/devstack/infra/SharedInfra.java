package io.roster.devstack.infra;

/**
 * One Kafka broker, one PostgreSQL server and one MongoDB-wire server per JVM, each started on a free
 * port with throwaway storage the first time it is asked for and stopped when the JVM exits, after the
 * Spring contexts that use them have closed.
 *
 * <p>Meant for integration tests: every test uses its own topic, database and collection names so
 * that tests sharing a server do not see each other's data.
 *
 * <pre>{@code
 * String topic = "device.events." + UUID.randomUUID();
 * SharedInfra.kafka().createTopic(topic, 6);
 * }</pre>
 */
public final class SharedInfra {

    private SharedInfra() {
    }

    /** The JVM's shared Kafka broker, started on first use. */
    public static EmbeddedKafkaBroker kafka() {
        return KafkaHolder.BROKER;
    }

    /** The JVM's shared PostgreSQL server, started on first use. */
    public static EmbeddedPostgresServer postgres() {
        return PostgresHolder.SERVER;
    }

    /** The JVM's shared MongoDB-wire server (in-memory), started on first use. */
    public static EmbeddedMongoServer mongo() {
        return MongoHolder.SERVER;
    }

    /** The JVM's shared local token issuer (an in-memory signing key), started on first use. */
    public static io.roster.devstack.auth.LocalTokenIssuer tokens() {
        return TokenHolder.ISSUER;
    }

    private static <T extends AutoCloseable> T closedAtExit(T resource, String name) {
        Runtime.getRuntime().addShutdownHook(ShutdownOrder.hook("shared-" + name + "-stop", () -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("could not stop the shared " + name + ": " + e);
            }
        }));
        return resource;
    }

    // Class initialisation gives thread-safe, exactly-once lazy start-up without locks.
    private static final class KafkaHolder {
        static final EmbeddedKafkaBroker BROKER = closedAtExit(EmbeddedKafkaBroker.start(0, null), "kafka");
    }

    private static final class PostgresHolder {
        static final EmbeddedPostgresServer SERVER = closedAtExit(EmbeddedPostgresServer.start(0, null), "postgres");
    }

    private static final class TokenHolder {
        static final io.roster.devstack.auth.LocalTokenIssuer ISSUER =
                closedAtExit(io.roster.devstack.auth.LocalTokenIssuer.start(0, null), "token-issuer");
    }

    private static final class MongoHolder {
        static final EmbeddedMongoServer SERVER = closedAtExit(EmbeddedMongoServer.start(0, null), "mongo");
    }
}
