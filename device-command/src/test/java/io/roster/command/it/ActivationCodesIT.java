package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.it.Api.Response;
import io.roster.devstack.infra.SharedInfra;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/products/{pk}/activation-codes} over real HTTP, as the activation ledger calls it: the counts the
 * command side decides with, at the sequence number of the product's last event.
 */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class ActivationCodesIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_codes_it");
        // snapshots every few events, so that some reads load the product from a snapshot
        registry.add("roster.aggregates.snapshot-interval", () -> 3);
    }

    @LocalServerPort
    int port;

    @Autowired
    EventStore eventStore;

    Api operator;
    Api ledger;
    String pk;

    @BeforeEach
    void product() {
        operator = new Api(base());
        ledger = as("ledger");
        pk = operator.createProduct("MQTT");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private Api as(String role) {
        return new Api(base(), SharedInfra.tokens().mint("someone-" + role, List.of(role), Duration.ofMinutes(5)));
    }

    private String codesPath(String productKey) {
        return "/api/v1/products/" + URLEncoder.encode(productKey, StandardCharsets.UTF_8) + "/activation-codes";
    }

    /** The endpoint's answer, checked against the event store: seq is the product's last event. */
    private Response codes(long granted, long available) {
        Response codes = ledger.get(codesPath(pk));
        assertThat(codes.status()).as("%s", codes.body()).isEqualTo(200);
        assertThat(codes.text("productKey")).isEqualTo(pk);
        assertThat(codes.body().path("granted").asLong(-1)).as("granted").isEqualTo(granted);
        assertThat(codes.body().path("available").asLong(-1)).as("available").isEqualTo(available);
        assertThat(codes.body().path("seq").asLong(-1)).as("seq")
                .isEqualTo(eventStore.lastSequenceNumberFor(pk).orElseThrow());
        return codes;
    }

    private static long seq(Response codes) {
        return codes.body().path("seq").asLong();
    }

    private Response add(String deviceKey, String authType) {
        return operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", deviceKey, "authType", authType));
    }

    @Test
    void theCountsShouldFollowTheRulesAndSeqEveryEventOfTheProduct() {
        Response created = codes(0, 0);
        assertThat(seq(created)).isZero();

        operator.grant(pk, 3);
        Response granted = codes(3, 3);
        assertThat(seq(granted)).isEqualTo(seq(created) + 1);

        String secret = add("meter-1", "STATIC").text("deviceSecret");
        Response oneAdded = codes(3, 2);
        assertThat(seq(oneAdded)).isEqualTo(seq(granted) + 1);
        assertThat(add("meter-2", "DYNAMIC").status()).isEqualTo(201);
        Response twoAdded = codes(3, 1);
        assertThat(seq(twoAdded)).isEqualTo(seq(oneAdded) + 1);

        // the first connection activates the device: an event of the product, the counts unchanged (the code was taken at the add)
        Response allowed = as("gateway").post("/api/v1/auth/connect",
                new DeviceSigner(pk, "meter-1").connectJson(secret, "client-meter-1", System.currentTimeMillis()));
        assertThat(allowed.text("result")).as("%s", allowed.body()).isEqualTo("allow");
        Response activated = codes(3, 1);
        assertThat(seq(activated)).isEqualTo(seq(twoAdded) + 1);

        // a never-activated device is refunded; an activated one is not
        assertThat(operator.delete("/api/v1/products/" + pk + "/devices/meter-2").body().path("refunded").asBoolean()).isTrue();
        Response refunded = codes(3, 2);
        assertThat(seq(refunded)).isEqualTo(seq(activated) + 1);
        assertThat(operator.delete("/api/v1/products/" + pk + "/devices/meter-1").body().path("refunded").asBoolean()).isFalse();
        Response notRefunded = codes(3, 2);
        assertThat(seq(notRefunded)).isEqualTo(seq(refunded) + 1);

        // a device key that consumed a code is not charged again when added back
        assertThat(add("meter-1", "DYNAMIC").body().path("codeCharged").asBoolean()).isFalse();
        Response addedBack = codes(3, 2);
        assertThat(seq(addedBack)).isEqualTo(seq(notRefunded) + 1);

        // reading changes nothing
        assertThat(seq(codes(3, 2))).isEqualTo(seq(addedBack));
    }

    @Test
    void availableShouldBeWhatARefusalForWantOfCodesStates() {
        operator.grant(pk, 1);
        assertThat(add("only", "DYNAMIC").status()).isEqualTo(201);
        Response before = codes(1, 0);

        Response refused = add("one-too-many", "DYNAMIC");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("error")).isEqualTo("QUOTA_EXHAUSTED");
        Response after = codes(1, refused.body().path("available").asLong(-1));
        assertThat(seq(after)).as("a refusal records nothing").isEqualTo(seq(before));

        operator.grant(pk, 2);
        assertThat(add("one-too-many", "DYNAMIC").status()).isEqualTo(201);
        codes(3, 1);
    }

    @Test
    void anUnknownProductShouldBe404AndAMalformedKey400() {
        Response unknown = ledger.get(codesPath("never-created"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("error")).isEqualTo("UNKNOWN_PRODUCT");
        assertThat(unknown.text("message")).isNotBlank();
        // ':' and '@' are key characters the ledger sends URL-encoded
        assertThat(ledger.get(codesPath("never:created@here")).text("error")).isEqualTo("UNKNOWN_PRODUCT");

        for (String malformed : List.of("bad key", "bad!key", "k".repeat(65))) {
            Response bad = ledger.get(codesPath(malformed));
            assertThat(bad.status()).as(malformed).isEqualTo(400);
            assertThat(bad.text("error")).as(malformed).isEqualTo("VALIDATION_FAILED");
        }
    }

    @Test
    void theLedgerOperatorsAndAnalystsShouldReadTheCountsAndNobodyElse() {
        operator.grant(pk, 2);
        for (String reader : List.of("ledger", "operator", "analyst")) {
            Response read = as(reader).get(codesPath(pk));
            assertThat(read.status()).as(reader).isEqualTo(200);
            assertThat(read.body().path("granted").asLong()).as(reader).isEqualTo(2);
        }
        for (String other : List.of("secrets", "gateway", "region-peer")) {
            Response refused = as(other).get(codesPath(pk));
            assertThat(refused.status()).as(other).isEqualTo(403);
            assertThat(refused.text("error")).as(other).isEqualTo("FORBIDDEN");
        }
        Response anonymous = new Api(base(), null).get(codesPath(pk));
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.text("error")).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void theLedgerShouldSendNoCommandAndReadNoSecret() {
        Response grant = ledger.post(codesPath(pk), Map.of("count", 5));
        Response addition = ledger.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "d", "authType", "DYNAMIC"));

        assertThat(grant.status()).isEqualTo(403);
        assertThat(addition.status()).isEqualTo(403);
        assertThat(ledger.get("/api/v1/products/" + pk + "/devices/d/secret").status()).isEqualTo(403);
        assertThat(ledger.get("/api/v1/audit").status()).isEqualTo(403);
        codes(0, 0);
    }
}
