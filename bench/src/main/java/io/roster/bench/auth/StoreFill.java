package io.roster.bench.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * Fills a PostgreSQL event store with many devices quickly, for the cold-start measurement (docs/benchmarks.md,
 * "Cold start"): adding a million devices through the API takes 15 minutes to hours on the shared two cores.
 *
 * <p>Each product is created, granted its codes and given its first static device through device-command's API;
 * that device's stored {@code DeviceAdded} event is then copied in SQL into the product's next {@code N - 1} events:
 * same serialized form and sizes, each with its own device key ({@code <first key>-<n>}), sequence number, event id,
 * codes-available count and ciphertext (the template's with its last 8 characters replaced by the hex of {@code n},
 * so of the same length; such a copy does not decrypt, so only the API-added devices can connect). The events are
 * appended after the product's own, through the table's global index sequence, so every reader of the store
 * (the instances' tails, the Kafka publisher) sees them as new commits.
 */
public final class StoreFill {

    static final String USAGE = """
            usage: java -cp bench/target/roster-bench.jar io.roster.bench.auth.StoreFill [options]
              --writer URL          device-command's API (default http://localhost:8081)
              --token-dir DIR       directory with operator.jwt (<data-dir>/tokens of devstack)
              --jdbc URL            the event store (default jdbc:postgresql://localhost:5433/roster)
              --jdbc-user U / --jdbc-password P   (default postgres / postgres, as devstack)
              --products N          products to create (default 100)
              --devices N           devices per product (default 10000)
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String COPY = """
            insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                          payloadrevision, payloadtype, timestamp)
            select t.aggregateidentifier, t.sequencenumber + g, t.type, gen_random_uuid()::text, t.metadata,
                   convert_to(regexp_replace(regexp_replace(replace(convert_from(t.payload, 'UTF8'),
                                  '"deviceKey":"' || ? || '"', '"deviceKey":"' || ? || '-' || g || '"'),
                              '"cipher":"([^"]{72})[^"]{8}"', '"cipher":"\\1' || lpad(to_hex(g), 8, '0') || '"'),
                          '"available":[0-9]+', '"available":' || (? - g)), 'UTF8'),
                   t.payloadrevision, t.payloadtype, t.timestamp
            from domainevententry t, generate_series(1, ?) g
            where t.aggregateidentifier = ? and t.payloadtype = 'io.roster.contract.event.DeviceAdded'
              and convert_from(t.payload, 'UTF8') like ?
            """;

    private StoreFill() {
    }

    public static void main(String[] args) throws Exception {
        String writer = "http://localhost:8081";
        Path tokenDir = null;
        String jdbc = "jdbc:postgresql://localhost:5433/roster";
        String user = "postgres";
        String password = "postgres";
        int products = 100;
        int devices = 10_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--writer" -> writer = value;
                case "--token-dir" -> tokenDir = Path.of(value);
                case "--jdbc" -> jdbc = value;
                case "--jdbc-user" -> user = value;
                case "--jdbc-password" -> password = value;
                case "--products" -> products = Integer.parseInt(value);
                case "--devices" -> devices = Integer.parseInt(value);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.err.print(USAGE);
                    System.exit(2);
                }
            }
        }
        if (tokenDir == null || args.length % 2 != 0 || devices < 1 || products < 1) {
            System.err.print(USAGE);
            System.exit(2);
        }
        String operator = Files.readString(tokenDir.resolve("operator.jwt")).trim();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String run = UUID.randomUUID().toString().substring(0, 6);
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(jdbc, user, password)) {
            for (int p = 0; p < products; p++) {
                String productKey = BenchFleet.post(http, writer + "/api/v1/products", operator,
                        "{\"name\":\"fill " + run + "-" + p + "\",\"protocol\":\"MQTT\",\"nodeType\":\"DIRECT\"}", 201)
                        .path("productKey").asText();
                BenchFleet.post(http, writer + "/api/v1/products/" + productKey + "/activation-codes", operator,
                        "{\"count\":" + devices + "}", 200);
                String first = "fill-" + run + "-" + p;
                JsonNode added = BenchFleet.post(http, writer + "/api/v1/products/" + productKey + "/devices", operator,
                        "{\"deviceKey\":\"" + first + "\",\"authType\":\"STATIC\"}", 201);
                int copied = copy(connection, productKey, first, added.path("codesAvailable").asLong(), devices - 1);
                if (copied != devices - 1) {
                    throw new IllegalStateException("copied " + copied + " events for " + productKey + ", not " + (devices - 1));
                }
                if ((p + 1) % 10 == 0) {
                    System.out.printf(Locale.ROOT, "%d products, %,d devices, %.1f s%n", p + 1, (long) (p + 1) * devices,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%,d devices in %d products in %.1f s%n", (long) products * devices, products,
                (System.nanoTime() - started) / 1e9);
    }

    private static int copy(Connection connection, String productKey, String first, long available, int count)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(COPY)) {
            insert.setString(1, first);
            insert.setString(2, first);
            insert.setLong(3, available);
            insert.setInt(4, count);
            insert.setString(5, productKey);
            insert.setString(6, "%\"deviceKey\":\"" + first + "\"%");
            return insert.executeUpdate();
        }
    }

}
