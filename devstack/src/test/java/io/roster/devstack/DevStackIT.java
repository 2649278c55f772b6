package io.roster.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import com.nimbusds.jwt.SignedJWT;
import io.roster.devstack.DevStackOptions.EventStore;
import io.roster.devstack.auth.LocalTokenIssuer;
import io.roster.devstack.infra.FreePorts;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher end to end, with {@link FakeService} in place of the real services. */
class DevStackIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path servicesDir;

    @Test
    void twoRegionsShouldStartWiredToTheirOwnInfrastructureAndStopCleanly() throws Exception {
        for (Service service : Service.values()) {
            FakeServiceJars.write(servicesDir, service, FakeService.class);
        }
        int offset = freeOffset(2);
        RunningStack stack = DevStack.start(new DevStackOptions(2, null, offset, servicesDir, EventStore.POSTGRES));
        List<ServiceProcess> children = stack.services();
        RegionEndpoints one = stack.region(1);
        RegionEndpoints two = stack.region("region-2");
        try {
            assertThat(one.commandUrl()).isEqualTo("http://localhost:" + (8081 + offset));
            assertThat(two.syncUrl()).isEqualTo("http://localhost:" + (8184 + offset));
            assertThat(children).hasSize(8);

            assertThat(env(two.syncUrl()))
                    .containsEntry("ROSTER_REGION", "region-2")
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + (9192 + offset))
                    .containsEntry("MONGODB_URI", "mongodb://localhost:" + (27117 + offset))
                    .containsEntry("ROSTER_PEERS", "region-1=localhost:" + (9092 + offset))
                    .containsEntry("ROSTER_COMMAND_URL", two.commandUrl())
                    .containsEntry("ROSTER_SYNC_TOKEN_FILE", stack.tokenFile("region-peer").toString());
            assertThat(SignedJWT.parse(Files.readString(stack.tokenFile("region-peer"))).getJWTClaimsSet()
                    .getStringListClaim(LocalTokenIssuer.ROLES_CLAIM)).containsExactly("region-peer");
            assertThat(env(one.commandUrl()))
                    .containsEntry("ROSTER_EVENT_STORE", "postgres")
                    .containsEntry("ROSTER_JDBC_URL", one.jdbcUrl())
                    .containsEntry("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            assertThat(env(two.ledgerUrl()))
                    .containsEntry("ROSTER_COMMAND_URL", two.commandUrl())
                    .containsEntry("ROSTER_LEDGER_TOKEN_FILE", stack.tokenFile("ledger").toString());
            assertThat(SignedJWT.parse(Files.readString(stack.tokenFile("ledger"))).getJWTClaimsSet()
                    .getStringListClaim(LocalTokenIssuer.ROLES_CLAIM)).containsExactly("ledger");

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, two.kafkaBootstrap()))) {
                assertThat(admin.describeTopics(List.of("device.events")).allTopicNames().get()
                        .get("device.events").partitions()).hasSize(6);
            }
            try (Connection connection = DriverManager.getConnection(one.jdbcUrl(), one.jdbcUser(), one.jdbcPassword())) {
                assertThat(connection.getCatalog()).isEqualTo("roster");
            }
            assertThat(stack.logDir().resolve("region-2/device-query.log")).content().contains("fake service listening");
        } finally {
            stack.close();
        }

        assertThat(children).noneMatch(ServiceProcess::isAlive);
        assertThat(stack.workDir()).doesNotExist();
        assertThat(allFree(offset, 2)).isTrue();
    }

    @Test
    void aServiceThatDiesShouldStopEverythingAndShowItsLog() throws IOException {
        for (Service service : Service.values()) {
            FakeServiceJars.write(servicesDir, service,
                    service == Service.DEVICE_QUERY ? FakeService.Failing.class : FakeService.class);
        }
        int offset = freeOffset(1);

        assertThatThrownBy(() -> DevStack.start(new DevStackOptions(1, null, offset, servicesDir, EventStore.POSTGRES)))
                .isInstanceOf(DevStackException.class)
                .hasMessageContaining("[region-1] device-query exited with code 3")
                .hasMessageContaining("APPLICATION FAILED TO START: boom");

        await().atMost(Duration.ofSeconds(10)).until(() -> allFree(offset, 1));
    }

    @Test
    void aStoppedKafkaBrokerShouldComeBackWithItsRecordsAndItsClientsReconnect() throws Exception {
        for (Service service : Service.values()) {
            FakeServiceJars.write(servicesDir, service, FakeService.class);
        }
        int offset = freeOffset(2);
        try (RunningStack stack = DevStack.start(new DevStackOptions(2, null, offset, servicesDir, EventStore.POSTGRES))) {
            String bootstrap = stack.region(2).kafkaBootstrap();
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                producer.send(new ProducerRecord<>("device.events", "pk-1", "before")).get();

                stack.stopKafka("region-2");

                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
                    assertThatThrownBy(() -> admin.listTopics().names().get()).hasCauseInstanceOf(
                            org.apache.kafka.common.errors.TimeoutException.class);
                }
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.region(1).kafkaBootstrap()))) {
                    assertThat(admin.listTopics().names().get()).contains("device.events");
                }

                stack.startKafka("region-2");

                // the producer made before the outage reconnects by itself
                producer.send(new ProducerRecord<>("device.events", "pk-1", "after")).get();
            }
            assertThat(stack.region(2).kafkaBootstrap()).isEqualTo(bootstrap);
            assertThat(readAll(bootstrap)).containsExactly("before", "after");
            assertThat(stack.services()).allMatch(ServiceProcess::isAlive);
        }
    }

    @Test
    void aStoppedServiceShouldStartAgainWithItsEnvironment() throws Exception {
        for (Service service : Service.values()) {
            FakeServiceJars.write(servicesDir, service, FakeService.class);
        }
        int offset = freeOffset(1);
        try (RunningStack stack = DevStack.start(new DevStackOptions(1, null, offset, servicesDir, EventStore.POSTGRES))) {
            String sync = stack.region(1).syncUrl();
            Map<String, String> before = env(sync);
            ServiceProcess first = stack.services().stream().filter(p -> p.service() == Service.REGION_SYNC)
                    .findFirst().orElseThrow();

            stack.stop("region-1", Service.REGION_SYNC);

            assertThat(first.isAlive()).isFalse();
            // SIGTERM, not SIGKILL: the JVM's exit code says which signal ended it (128 + 15)
            assertThat(first.process().exitValue()).isEqualTo(143);
            assertThatThrownBy(() -> env(sync)).isInstanceOf(IOException.class);

            stack.restart("region-1", Service.REGION_SYNC);

            assertThat(env(sync)).isEqualTo(before);
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** Every value of the pk-1 partition of {@code device.events}, from the start. */
    private static List<String> readAll(String bootstrap) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor("device.events").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return values.size() >= 2;
            });
            return values;
        }
    }

    @Test
    void aKilledServiceShouldRestartWithItsEnvironmentPortAndLog() throws Exception {
        for (Service service : Service.values()) {
            FakeServiceJars.write(servicesDir, service, FakeService.class);
        }
        int offset = freeOffset(1);
        try (RunningStack stack = DevStack.start(new DevStackOptions(1, null, offset, servicesDir, EventStore.POSTGRES))) {
            String query = stack.region(1).queryUrl();
            Map<String, String> before = env(query);
            ServiceProcess first = stack.services().stream().filter(p -> p.service() == Service.DEVICE_QUERY)
                    .findFirst().orElseThrow();

            stack.kill("region-1", Service.DEVICE_QUERY);

            assertThat(first.isAlive()).isFalse();
            // SIGKILL, not SIGTERM: the JVM's exit code says which signal ended it (128 + 9)
            assertThat(first.process().exitValue()).isEqualTo(137);
            assertThatThrownBy(() -> env(query)).isInstanceOf(IOException.class);

            stack.restart("region-1", Service.DEVICE_QUERY);

            assertThat(env(query)).isEqualTo(before);
            assertThat(stack.services()).doesNotContain(first).hasSize(4).allMatch(ServiceProcess::isAlive);
            String log = Files.readString(stack.logDir().resolve("region-1/device-query.log"));
            assertThat(log.split("fake service listening", -1)).hasSize(3);
            assertThatThrownBy(() -> stack.restart("region-1", Service.DEVICE_QUERY))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void aPersistentDataDirShouldKeepTheEventStoreAndLogsAcrossRestarts(@TempDir Path dataDir) throws Exception {
        for (Service service : Service.values()) {
            FakeServiceJars.write(servicesDir, service, FakeService.class);
        }
        int offset = freeOffset(1);
        DevStackOptions options = new DevStackOptions(1, dataDir, offset, servicesDir, EventStore.MONGO);
        try (RunningStack stack = DevStack.start(options)) {
            assertThat(env(stack.region(1).commandUrl())).containsEntry("ROSTER_EVENT_STORE", "mongo");
            execute(stack.region(1), "CREATE TABLE kept (id INT)");
        }
        try (RunningStack stack = DevStack.start(options)) {
            execute(stack.region(1), "SELECT * FROM kept");
        }
        assertThat(dataDir.resolve("region-1/mongo.mv")).exists();
        assertThat(dataDir.resolve("region-1/kafka/meta.properties")).exists();
        assertThat(Files.readString(dataDir.resolve("logs/region-1/region-sync.log"))).contains("fake service listening");
    }

    private static void execute(RegionEndpoints region, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(region.jdbcUrl(), region.jdbcUser(), region.jdbcPassword())) {
            connection.createStatement().execute(sql);
        }
    }

    private Map<String, String> env(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/env")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().lines()
                .filter(line -> line.contains("="))
                .collect(Collectors.toMap(
                        line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1),
                        (a, b) -> b));
    }

    /** An offset whose ports are all free now, away from a stack a developer may be running. */
    private static int freeOffset(int regions) {
        while (true) {
            int offset = 1000 + ThreadLocalRandom.current().nextInt(4000);
            if (allFree(offset, regions)) {
                return offset;
            }
        }
    }

    private static boolean allFree(int offset, int regions) {
        for (int number = 1; number <= regions; number++) {
            if (!Arrays.stream(RegionPorts.of(number, offset).all()).allMatch(FreePorts::isFree)) {
                return false;
            }
        }
        return true;
    }
}
