package io.roster.devstack;

import java.net.URI;

/**
 * Where everything of one running region answers.
 *
 * @param region         {@code region-1} or {@code region-2}
 * @param commandUrl     device-command's base URL, e.g. {@code http://localhost:8081}
 * @param decisionUrl    device-command's decision port, e.g. {@code http://localhost:8085}
 * @param queryUrl       device-query's base URL
 * @param ledgerUrl      activation-ledger's base URL
 * @param syncUrl        region-sync's base URL
 * @param kafkaBootstrap the Kafka {@code bootstrap.servers}, e.g. {@code localhost:9092}
 * @param mongoUri       the MongoDB connection string, e.g. {@code mongodb://localhost:27017}
 * @param jdbcUrl        the event store's JDBC URL, e.g. {@code jdbc:postgresql://localhost:5433/roster}
 * @param jdbcUser       the event store's user
 * @param jdbcPassword   the event store's password
 */
public record RegionEndpoints(String region, String commandUrl, String decisionUrl, String queryUrl, String ledgerUrl, String syncUrl,
                              String kafkaBootstrap, String mongoUri, String jdbcUrl, String jdbcUser,
                              String jdbcPassword) {

    /** The database device-command keeps its events in. */
    public static final String DATABASE = "roster";

    /** The endpoints the port layout implies. */
    public static RegionEndpoints of(RegionPorts ports, String jdbcUser, String jdbcPassword) {
        return new RegionEndpoints(ports.region(),
                http(ports.service(Service.DEVICE_COMMAND)), http(ports.decisions()), http(ports.service(Service.DEVICE_QUERY)),
                http(ports.service(Service.ACTIVATION_LEDGER)), http(ports.service(Service.REGION_SYNC)),
                "localhost:" + ports.kafka(), "mongodb://localhost:" + ports.mongo(),
                "jdbc:postgresql://localhost:" + ports.postgres() + "/" + DATABASE, jdbcUser, jdbcPassword);
    }

    /** Each further device-command instance of a region adds this to both of its ports (8091 and 8095 for the second). */
    public static final int INSTANCE_PORT_STRIDE = 10;

    /** The API base URL of device-command instance {@code instance} (from 1). */
    public String commandUrl(int instance) {
        return shifted(commandUrl, instance);
    }

    /** The decision port URL of device-command instance {@code instance} (from 1). */
    public String decisionUrl(int instance) {
        return shifted(decisionUrl, instance);
    }

    private static String shifted(String url, int instance) {
        if (instance < 1) {
            throw new IllegalArgumentException("instances are numbered from 1");
        }
        return http(URI.create(url).getPort() + (instance - 1) * INSTANCE_PORT_STRIDE);
    }

    /** The base URL of {@code service}. */
    public String url(Service service) {
        return switch (service) {
            case DEVICE_COMMAND -> commandUrl;
            case DEVICE_QUERY -> queryUrl;
            case ACTIVATION_LEDGER -> ledgerUrl;
            case REGION_SYNC -> syncUrl;
        };
    }

    private static String http(int port) {
        return "http://localhost:" + port;
    }
}
