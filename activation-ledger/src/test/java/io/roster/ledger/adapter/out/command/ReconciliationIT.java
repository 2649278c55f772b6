package io.roster.ledger.adapter.out.command;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.CrossRegionDeviceConnected;
import io.roster.contract.event.CrossRegionDeviceReplicated;
import io.roster.contract.event.ProductReplicated;
import io.roster.contract.event.RosterEvent;
import io.roster.contract.readside.fixture.Batches;
import io.roster.contract.readside.fixture.MongoProjectionFixture;
import io.roster.contract.stream.EventCodec;
import io.roster.contract.stream.EventEnvelope;
import io.roster.ledger.adapter.out.mongo.MongoLedgerProjection;
import io.roster.ledger.adapter.out.mongo.MongoLedgerReadModel;
import io.roster.ledger.application.reconciliation.CommandSideUnavailableException;
import io.roster.ledger.application.reconciliation.ProductCheck;
import io.roster.ledger.application.reconciliation.ProductCheck.Status;
import io.roster.ledger.application.reconciliation.Reconciliation;
import io.roster.ledger.application.reconciliation.ReconciliationMonitor;
import io.roster.ledger.application.reconciliation.ReconciliationReport;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reconciliation over real HTTP and the embedded MongoDB-wire server: a small HTTP server answers
 * device-command's {@code activation-codes} endpoint with counts the test sets (the whole stack, with the real
 * device-command, is {@code LedgerReconciliationIT} in the e2e module).
 */
class ReconciliationIT extends MongoProjectionFixture {

    private static final String CODES_PATH = "/api/v1/products/pk-1/activation-codes";

    @TempDir
    Path dir;

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer commandSide;
    private Path tokenFile;
    private SimpleMeterRegistry meters;
    private MongoLedgerReadModel readModel;
    private Reconciliation reconciliation;

    @BeforeEach
    void start() throws IOException {
        newDatabase("reconciliation");
        MongoLedgerProjection projection = new MongoLedgerProjection(database, new SimpleMeterRegistry());
        projection.createIndexes();
        readModel = new MongoLedgerReadModel(database);
        history.created("Lamp", Protocol.MQTT, NodeType.DIRECT);   // seq 0
        history.granted(10);                                        // 1
        history.added("d-1", AuthType.DYNAMIC);                     // 2
        history.added("d-2", AuthType.DYNAMIC);                     // 3
        history.activated("d-1", AuthType.DYNAMIC);                 // 4
        projection.apply(Batches.consumed(history.envelopes()));

        commandSide = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        commandSide.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String answer = answers.get(exchange.getRequestURI().getPath());
            int status = answer == null ? 404 : answer.startsWith("{") ? 200 : Integer.parseInt(answer);
            byte[] body = (answer != null && answer.startsWith("{") ? answer : "{\"error\":\"X\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        commandSide.start();
        tokenFile = dir.resolve("ledger.jwt");
        Files.writeString(tokenFile, "token-one\n");
        HttpCommandSideCodes codes = new HttpCommandSideCodes(
                URI.create("http://127.0.0.1:" + commandSide.getAddress().getPort()), tokenFile, Duration.ofSeconds(5));
        reconciliation = new Reconciliation(readModel, codes, Duration.ofMillis(300), Clock.systemUTC());
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        commandSide.stop(0);
    }

    @Test
    void bothSidesAgreeAtTheCommandSidesPosition() {
        commandSideSays(10, 8, 4);

        ProductCheck now = only(reconciliation.checkOne("pk-1"));
        commandSideSays(10, 9, 2);
        ProductCheck earlier = only(reconciliation.checkOne("pk-1"));

        assertThat(now.status()).isEqualTo(Status.MATCHED);
        assertThat(now.ledger().available()).isEqualTo(8);
        assertThat(now.ledger().consumed()).isEqualTo(1);
        assertThat(earlier.status()).as("compared at seq 2, where one code was reserved").isEqualTo(Status.MATCHED);
        assertThat(earlier.seq()).isEqualTo(2);
        assertThat(earlier.ledger().available()).isEqualTo(9);
        assertThat(authorizations).containsOnly("Bearer token-one");
    }

    @Test
    void aDifferenceIsADriftWithTheCountsOfBothSides() {
        commandSideSays(10, 7, 4);

        ReconciliationReport report = reconciliation.checkAll();

        assertThat(report.products()).isEqualTo(1);
        assertThat(report.drifted()).isEqualTo(1);
        ProductCheck check = only(report);
        assertThat(check.status()).isEqualTo(Status.DRIFT);
        assertThat(check.command()).isEqualTo(new ProductCheck.Counts(10, 7));
        assertThat(check.ledger().available()).isEqualTo(8);
        assertThat(check.detail()).isEqualTo("available: device-command 7, ledger 8");
    }

    @Test
    void aBalanceChangedBehindTheLedgersBackIsADrift() {
        commandSideSays(10, 8, 4);
        database.getCollection("balances").updateOne(new Document("_id", "pk-1"),
                new Document("$inc", new Document("consumed", 1L).append("available", -1L)));

        ProductCheck check = only(reconciliation.checkOne("pk-1"));

        assertThat(check.status()).isEqualTo(Status.DRIFT);
        assertThat(check.detail()).contains("the ledger's balance").contains("disagrees with its entries");
    }

    @Test
    void aLedgerThatHasNotReadThatFarIsBehindNotDrifted() {
        commandSideSays(10, 7, 9);

        ReconciliationReport report = reconciliation.checkAll();

        assertThat(report.behind()).isEqualTo(1);
        assertThat(report.drifted()).isZero();
        assertThat(only(report).status()).isEqualTo(Status.LEDGER_BEHIND);
        assertThat(only(report).ledger()).isNull();
    }

    @Test
    void aProductTheCommandSideDoesNotKnowIsADrift() {
        ReconciliationReport report = reconciliation.checkAll();

        assertThat(report.drifted()).isEqualTo(1);
        assertThat(only(report).status()).isEqualTo(Status.UNKNOWN_TO_COMMAND_SIDE);
    }

    @Test
    void theScheduledRunExportsItsOutcomeAndCountsFailures() throws IOException {
        ReconciliationMonitor monitor = new ReconciliationMonitor(reconciliation, meters);
        commandSideSays(10, 7, 4);

        monitor.run();

        assertThat(meters.get("roster.ledger.reconciliation.drifted").gauge().value()).isEqualTo(1);
        assertThat(meters.get("roster.ledger.reconciliation.runs").counter().count()).isEqualTo(1);
        assertThat(meters.get("roster.ledger.reconciliation.last.run").gauge().value()).isPositive();
        assertThat(monitor.last().drifted()).isEqualTo(1);

        answers.put(CODES_PATH, "500");
        Files.writeString(tokenFile, "token-two");
        monitor.run();

        assertThat(meters.get("roster.ledger.reconciliation.failures").counter().count()).isEqualTo(1);
        assertThat(monitor.last().drifted()).as("the last complete run's report stays").isEqualTo(1);
        assertThat(authorizations).last().as("a rotated token is used at the next call").isEqualTo("Bearer token-two");
        assertThatThrownBy(() -> reconciliation.checkOne("pk-1")).isInstanceOf(CommandSideUnavailableException.class)
                .hasMessageContaining("500").hasMessageNotContaining("token-two");

        commandSideSays(10, 8, 4);
        monitor.run();

        assertThat(meters.get("roster.ledger.reconciliation.drifted").gauge().value()).isZero();
        assertThat(meters.get("roster.ledger.reconciliation.runs").counter().count()).isEqualTo(2);
    }

    @Test
    void aProductCopiedFromItsHomeRegionMatchesWithNoCodes() {
        EventCodec codec = new EventCodec();
        List<RosterEvent> copied = List.of(
                new ProductReplicated("pk-copy", "region-2", 9, "Tracker", Protocol.MQTT, NodeType.DIRECT,
                        new EncryptedSecret("kek-1", "Y2lwaGVy"), List.of()),
                new CrossRegionDeviceReplicated("pk-copy", "t-1", "region-2", 10, AuthType.DYNAMIC, "SN-1", null, null,
                        List.of(), true),
                new CrossRegionDeviceConnected("pk-copy", "t-1", "region-2", 10));
        List<EventEnvelope> envelopes = new java.util.ArrayList<>();
        for (RosterEvent event : copied) {
            envelopes.add(codec.envelope("e-copy-" + envelopes.size(), "pk-copy", envelopes.size(), Instant.EPOCH,
                    "region-1", event));
        }
        new MongoLedgerProjection(database, new SimpleMeterRegistry()).apply(Batches.consumed(envelopes));
        answers.put("/api/v1/products/pk-copy/activation-codes",
                "{\"productKey\":\"pk-copy\",\"granted\":0,\"available\":0,\"seq\":2}");

        ProductCheck check = only(reconciliation.checkOne("pk-copy"));

        assertThat(check.status()).isEqualTo(Status.MATCHED);
        assertThat(check.ledger().granted()).isZero();
        assertThat(check.ledger().available()).isZero();
    }

    @Test
    void anUnreachableCommandSideIsUnavailable() {
        commandSide.stop(0);

        assertThatThrownBy(() -> reconciliation.checkOne("pk-1")).isInstanceOf(CommandSideUnavailableException.class)
                .hasMessageContaining("did not answer");
    }

    private void commandSideSays(long granted, long available, long seq) {
        answers.put(CODES_PATH, "{\"productKey\":\"pk-1\",\"granted\":" + granted + ",\"available\":" + available
                + ",\"seq\":" + seq + "}");
    }

    private static ProductCheck only(ReconciliationReport report) {
        assertThat(report.checks()).hasSize(1);
        return report.checks().get(0);
    }
}
