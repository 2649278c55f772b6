package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.command.auth.adapter.out.view.CredentialViewUpdater;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.auth.support.TestPki;
import io.roster.command.it.Api.Response;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two device-command instances against one event store and one topic, as {@code devstack --command-instances 2}
 * runs them: whatever one commits, the other decides by (docs/architecture.md, "Several instances").
 */
class TwoInstancesIT {

    private static final String NAME = TestStack.unique("two_instances");
    private static final AtomicLong LAST_TIMESTAMP = new AtomicLong();
    private static final AtomicInteger ADDRESSES = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    private Api operatorOne;
    private Api operatorTwo;
    private Api decisionsOne;
    private Api decisionsTwo;
    private String pk;

    @BeforeAll
    /** At the same moment, on a new database: both create the schema, neither may fail for the other. */
    static void startBoth() {
        SharedInfra.postgres().createDatabase(NAME);
        CompletableFuture<ConfigurableApplicationContext> one = CompletableFuture.supplyAsync(() -> instance("one"));
        CompletableFuture<ConfigurableApplicationContext> two = CompletableFuture.supplyAsync(() -> instance("two"));
        first = one.join();
        second = two.join();
    }

    /** Both run in this JVM, so each is given a node name of its own (processes would differ by pid). */
    private static ConfigurableApplicationContext instance(String nodeId, String... more) {
        List<String> args = TestStack.standalonePostgres(NAME);
        args.addAll(List.of(more));
        args.add("--roster.node-id=" + nodeId);
        args.add("--roster.auth.decision-port=0");
        args.add("--roster.secrets.allow-dev-key=true");
        return new SpringApplicationBuilder(CommandApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @BeforeEach
    void product() {
        operatorOne = new Api(api(first));
        operatorTwo = new Api(api(second));
        String gatewayToken = SharedInfra.tokens().mint("gw", List.of("gateway"), Duration.ofHours(1));
        decisionsOne = new Api(decisions(first), gatewayToken);
        decisionsTwo = new Api(decisions(second), gatewayToken);
        pk = operatorOne.createProduct("MQTT");
        operatorOne.grant(pk, 50);
    }

    private static String api(ConfigurableApplicationContext context) {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static String decisions(ConfigurableApplicationContext context) {
        return "http://localhost:" + context.getBean(DecisionServer.class).port();
    }

    @Test
    void eachInstanceShouldDecideByWhatTheOtherCommitted() {
        String ds = addStatic(operatorOne, "st-1");
        awaitDecision(decisionsTwo, "st-1", ds, null);

        String reset = operatorTwo.post("/api/v1/products/" + pk + "/devices/st-1/secret/reset", "").text("deviceSecret");
        awaitDecision(decisionsOne, "st-1", ds, "BAD_SIGNATURE");
        awaitDecision(decisionsOne, "st-1", reset, null);

        assertThat(operatorTwo.delete("/api/v1/products/" + pk + "/devices/st-1").status()).isEqualTo(200);
        awaitDecision(decisionsOne, "st-1", reset, "DEVICE_DELETED");
    }

    @Test
    void thePrivilegedSecretReadShouldNeverBeStale() {
        String ds = addStatic(operatorOne, "read-1");
        awaitDecision(decisionsOne, "read-1", ds, null);
        Api keeperOne = new Api(api(first), SharedInfra.tokens().mint("keeper", List.of("secrets"), Duration.ofMinutes(5)));
        Api keeperTwo = new Api(api(second), SharedInfra.tokens().mint("keeper", List.of("secrets"), Duration.ofMinutes(5)));
        for (int round = 0; round < 5; round++) {
            Api writer = round % 2 == 0 ? operatorTwo : operatorOne;
            Api reader = round % 2 == 0 ? keeperOne : keeperTwo;
            Response resetAnswer = writer.post("/api/v1/products/" + pk + "/devices/read-1/secret/reset", "");
            assertThat(resetAnswer.status()).as("%s", resetAnswer.body()).isEqualTo(200);
            String reset = resetAnswer.text("deviceSecret");
            assertThat(reader.get("/api/v1/products/" + pk + "/devices/read-1/secret").text("deviceSecret"))
                    .isEqualTo(reset);
        }
    }

    @Test
    void certificatesVerifiedOnOneInstanceShouldBeTrustedByTheOther() {
        TestPki ca = TestPki.rootCa("Two-instance CA");
        Response uploaded = operatorOne.post("/api/v1/products/" + pk + "/ca-certificates", Map.of("certificatePem", ca.caPem()));
        assertThat(uploaded.status()).isEqualTo(201);
        Response verified = operatorTwo.post("/api/v1/products/" + pk + "/ca-certificates/" + uploaded.text("caId")
                + "/verification", Map.of("certificatePem", ca.verificationCertificate(uploaded.text("verificationCode")).pem()));
        assertThat(verified.status()).as("%s", verified.body()).isEqualTo(200);
        assertThat(operatorTwo.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "x-1", "authType", "X509"))
                .status()).isEqualTo(201);
        TestPki.Issued pinned = ca.device("x-1");
        DeviceSigner device = new DeviceSigner(pk, "x-1");
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertVerdict(decisionsOne.post("/api/v1/auth/connect", device.x509ConnectJson(pinned.pem(), "c", now())), null));

        assertThat(operatorTwo.post("/api/v1/products/" + pk + "/devices/x-1/fingerprint/reset", "").status()).isEqualTo(200);
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertVerdict(decisionsOne.post("/api/v1/auth/connect", device.x509ConnectJson(pinned.pem(), "c", now())),
                        "CERTIFICATE_REVOKED"));
    }

    /**
     * Both instances change one product at once: every command succeeds (a lost race is retried, never a 500),
     * every event is on the topic once, and both instances end with every device.
     */
    @Test
    void concurrentCommandsOnOneProductShouldAllSucceedAndBePublishedOnce() throws Exception {
        int perInstance = 20;
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Response>> adds = new ArrayList<>();
            for (int i = 0; i < perInstance; i++) {
                for (Api operator : List.of(operatorOne, operatorTwo)) {
                    String dk = (operator == operatorOne ? "one-" : "two-") + i;
                    adds.add(CompletableFuture.supplyAsync(() -> operator.post("/api/v1/products/" + pk + "/devices",
                            Map.of("deviceKey", dk, "authType", "STATIC")), callers));
                }
            }
            for (CompletableFuture<Response> add : adds) {
                Response r = add.get();
                assertThat(r.status()).as("%s", r.body()).isEqualTo(201);
            }
        } finally {
            callers.shutdownNow();
        }

        JdbcTemplate store = first.getBean(JdbcTemplate.class);
        long stored = store.queryForObject("select count(*) from domainevententry where aggregateidentifier = ?",
                Long.class, pk);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Integer> published = new HashMap<>();
            for (TopicReader.Read read : TopicReader.readAll(SharedInfra.kafka().bootstrapServers(), NAME + ".events")) {
                if (pk.equals(read.envelope().aggregateId())) {
                    published.merge(read.envelope().sequenceNumber() + "", 1, Integer::sum);
                }
            }
            assertThat(published).hasSize((int) stored);
            assertThat(published.values()).allMatch(copies -> copies == 1);
        });
        for (ConfigurableApplicationContext instance : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(instance
                    .getBean(io.roster.command.auth.application.CredentialView.class).devices(pk)).hasSize(2 * perInstance));
        }
    }

    /**
     * An instance that starts after a snapshot of the view was written reads the snapshot and only the events
     * committed after it, and decides by both.
     */
    @Test
    void aNewInstanceShouldStartFromTheViewSnapshotAndTheEventsAfterIt() {
        String before = addStatic(operatorOne, "snap-1");
        JdbcTemplate store = first.getBean(JdbcTemplate.class);
        long head = store.queryForObject("select max(globalindex) from domainevententry", Long.class);
        ConfigurableApplicationContext writer = instance("three", "--roster.auth.view-snapshot-every=1");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> store.queryForObject(
                    "select coalesce(max(position_index), -1) from credential_view_snapshot", Long.class) >= head);
        } finally {
            writer.close();
        }
        String after = addStatic(operatorOne, "snap-2");
        long total = store.queryForObject("select count(*) from domainevententry", Long.class);

        ConfigurableApplicationContext reader = instance("four");
        try {
            assertThat(reader.getBean(CredentialViewUpdater.class).eventsReadAtStart()).isPositive().isLessThan(total);
            Api decisionsFour = new Api(decisions(reader),
                    SharedInfra.tokens().mint("gw", List.of("gateway"), Duration.ofHours(1)));
            awaitDecision(decisionsFour, "snap-1", before, null);
            awaitDecision(decisionsFour, "snap-2", after, null);
        } finally {
            reader.close();
        }
    }

    private String addStatic(Api operator, String dk) {
        Response added = operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", dk, "authType", "STATIC"));
        assertThat(added.status()).as("%s", added.body()).isEqualTo(201);
        return added.text("deviceSecret");
    }

    /**
     * Asks until the answer is the expected one ({@code null}: allowed). Each try comes from an address of its own,
     * so the tries before the view caught up do not add to one source's failure count.
     */
    private void awaitDecision(Api decisions, String dk, String ds, String reason) {
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertVerdict(
                decisions.post("/api/v1/auth/connect", new DeviceSigner(pk, dk).connectJson(ds, "client-" + dk, now(), address())),
                reason));
    }

    private static void assertVerdict(Response r, String reason) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        if (reason == null) {
            assertThat(r.text("result")).as("%s", r.body()).isEqualTo("allow");
        } else {
            assertThat(r.text("result")).as("%s", r.body()).isEqualTo("deny");
            assertThat(r.text("reason")).as("%s", r.body()).isEqualTo(reason);
        }
    }

    private static long now() {
        return LAST_TIMESTAMP.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    }

    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }
}
