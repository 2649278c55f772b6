package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.domain.signature.DeviceSecretCipher;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.auth.support.TestPki.KeySpec;
import io.roster.command.auth.support.TestPki.Options;
import io.roster.command.auth.support.TestPki;
import io.roster.command.it.Api.Response;
import io.roster.devstack.infra.SharedInfra;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.roster.command.auth.application.CredentialView;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Connection authentication over real HTTP, every mode, against the wire contract of docs/authentication.md. */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class DeviceAuthenticationIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_auth_it");
    }

    private static final AtomicLong LAST_TIMESTAMP = new AtomicLong();
    private static final AtomicInteger ADDRESSES = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));

    @LocalServerPort
    int port;

    @Autowired
    CredentialView view;

    @Value("${roster.kafka.topic}")
    String topic;

    Api operator;
    Api gateway;
    /** The gateway calling where connect and EMQX decisions are asked for: the API port here. */
    Api decisions;
    String pk;
    String productSecret;

    @BeforeEach
    void product() {
        operator = new Api("http://localhost:" + port);
        String gatewayToken = SharedInfra.tokens().mint("gw-1", List.of("gateway"), Duration.ofHours(1));
        gateway = new Api("http://localhost:" + port, gatewayToken);
        decisions = new Api(decisionsBase(), gatewayToken);
        Response created = operator.post("/api/v1/products", Map.of("name", "Meter", "protocol", "MQTT", "nodeType", "DIRECT"));
        pk = created.text("productKey");
        productSecret = created.text("productSecret");
        operator.grant(pk, 20);
    }

    /** Where connect and EMQX decisions are asked for. */
    String decisionsBase() {
        return "http://localhost:" + port;
    }

    /**
     * A distinct timestamp per call (strictly increasing, never far from the clock), so no two requests are replays
     * of each other.
     */
    private static long now() {
        return LAST_TIMESTAMP.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
    }

    private String addStatic(String dk) {
        return operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", dk, "authType", "STATIC")).text("deviceSecret");
    }

    private Response connect(String dk, String ds) {
        return decisions.post("/api/v1/auth/connect", new DeviceSigner(pk, dk).connectJson(ds, "client-" + dk, now()));
    }

    /** As forwarded by a gateway that reports the device's address; {@code null} for one that does not. */
    private Response connect(String dk, String ds, String peerAddress) {
        return decisions.post("/api/v1/auth/connect", peerAddress == null ? new DeviceSigner(pk, dk).connectJson(ds, "client-" + dk, now())
                : new DeviceSigner(pk, dk).connectJson(ds, "client-" + dk, now(), peerAddress));
    }

    /** A device address no other test uses, so that the per-source counts of tests sharing a service stay apart. */
    private static String address() {
        int n = ADDRESSES.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    private static void assertAllowed(Response r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.text("result")).as("%s", r.body()).isEqualTo("allow");
    }

    private static void assertDenied(Response r, String reason) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.text("result")).isEqualTo("deny");
        assertThat(r.text("reason")).isEqualTo(reason);
    }

    @Test
    void staticDeviceShouldConnectWithItsSecretOnly() {
        String ds = addStatic("st-1");

        assertAllowed(connect("st-1", ds));
        assertDenied(connect("st-1", "x" + ds.substring(1)), "BAD_SIGNATURE");
        assertDenied(connect("never-added", ds), "UNKNOWN_DEVICE");
        assertDenied(decisions.post("/api/v1/auth/connect", new DeviceSigner(pk, "st-1")
                .connectJson(ds, "c", System.currentTimeMillis() - Duration.ofMinutes(6).toMillis())), "TIMESTAMP_OUT_OF_WINDOW");
    }

    @Test
    void exactReplayOfAnAcceptedRequestShouldBeDenied() {
        String ds = addStatic("st-replay");
        String request = new DeviceSigner(pk, "st-replay").connectJson(ds, "c", now());

        assertAllowed(decisions.post("/api/v1/auth/connect", request));
        assertDenied(decisions.post("/api/v1/auth/connect", request), "REPLAYED");
    }

    /**
     * A device with valid credentials connecting over and over is refused beyond the cap (100 per 5 minutes), so
     * it cannot fill the replay guard; the devices next to it still connect.
     */
    @Test
    void aDeviceShouldBeAdmittedAtMostTheCapPerFiveMinutesWithoutDenyingOthers() {
        String ds = addStatic("st-chatty");
        String neighbour = addStatic("st-neighbour");
        for (int i = 0; i < 100; i++) {
            assertAllowed(connect("st-chatty", ds));
        }

        assertDenied(connect("st-chatty", ds), "RATE_LIMITED");
        assertDenied(connect("st-chatty", ds, address()), "RATE_LIMITED");
        assertAllowed(connect("st-neighbour", neighbour));
    }

    @Test
    void firstConnectionShouldActivateAndDeletionShouldThenRefundNothingAndReaddChargeNothing() {
        String ds = addStatic("st-act");
        assertAllowed(connect("st-act", ds));

        Response deleted = operator.delete("/api/v1/products/" + pk + "/devices/st-act");
        assertThat(deleted.body().path("refunded").asBoolean()).isFalse();
        assertDenied(connect("st-act", ds), "DEVICE_DELETED");

        Response readded = operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "st-act", "authType", "DYNAMIC"));
        assertThat(readded.body().path("codeCharged").asBoolean()).isFalse();
        assertThat(operator.delete("/api/v1/products/" + pk + "/devices/st-act").body().path("refunded").asBoolean()).isFalse();
    }

    @Test
    void readdedDeviceShouldBeActivatedAgainByItsNextConnectionWithoutACode() {
        String first = addStatic("st-again");
        assertAllowed(connect("st-again", first));
        operator.delete("/api/v1/products/" + pk + "/devices/st-again");
        Response readded = operator.post("/api/v1/products/" + pk + "/devices",
                Map.of("deviceKey", "st-again", "authType", "STATIC"));
        assertThat(readded.body().path("codeCharged").asBoolean()).isFalse();
        String second = readded.text("deviceSecret");
        assertThat(view.device(pk, "st-again").orElseThrow().activated()).isFalse();

        assertAllowed(connect("st-again", second));

        assertThat(view.device(pk, "st-again").orElseThrow().activated()).isTrue();
        await().untilAsserted(() -> assertThat(TopicReader.readAll(SharedInfra.kafka().bootstrapServers(), topic).stream()
                .map(TopicReader.Read::envelope)
                .filter(e -> pk.equals(e.productKey()) && "st-again".equals(e.deviceKey())
                        && e.type().equals("DeviceActivated"))
                .map(e -> e.payload().path("codeConsumed").asBoolean()))
                .containsExactly(true, false));
        assertAllowed(connect("st-again", second));
    }

    @Test
    void secretResetShouldStopTheOldSecretAtOnce() {
        String old = addStatic("st-reset");
        assertThat(operator.post("/api/v1/products/" + pk + "/devices/st-reset/secret/reset", "").text("error"))
                .as("reset before any connection").isEqualTo("DEVICE_NOT_CONNECTED");
        assertAllowed(connect("st-reset", old));

        Response reset = operator.post("/api/v1/products/" + pk + "/devices/st-reset/secret/reset", "");
        String fresh = reset.text("deviceSecret");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(fresh).isNotBlank().isNotEqualTo(old);
        assertDenied(connect("st-reset", old), "BAD_SIGNATURE");
        assertAllowed(connect("st-reset", fresh));
    }

    @Test
    void dynamicDeviceShouldRegisterOnceThenConnectWithTheIssuedSecret() {
        operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "dyn-1", "authType", "DYNAMIC"));
        DeviceSigner device = new DeviceSigner(pk, "dyn-1");

        assertDenied(connect("dyn-1", "anything"), "SECRET_NOT_ISSUED");
        Response registered = gateway.post("/api/v1/auth/register", device.registerJson(productSecret, "r-1", now()));
        assertAllowed(registered);
        String ds = DeviceSecretCipher.decrypt(registered.text("deviceSecretCipher"), productSecret);
        assertAllowed(connect("dyn-1", ds));

        assertDenied(gateway.post("/api/v1/auth/register", device.registerJson(productSecret, "r-2", now())), "ALREADY_REGISTERED");
        assertDenied(gateway.post("/api/v1/auth/register", device.registerJson("wrong-secret", "r-3", now())), "ALREADY_REGISTERED");

        Response reset = operator.post("/api/v1/products/" + pk + "/devices/dyn-1/secret/reset", "");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(reset.body().path("deviceSecret").isNull()).isTrue();
        assertDenied(connect("dyn-1", ds), "SECRET_NOT_ISSUED");
        Response again = gateway.post("/api/v1/auth/register", device.registerJson(productSecret, "r-4", now()));
        assertAllowed(again);
        assertAllowed(connect("dyn-1", DeviceSecretCipher.decrypt(again.text("deviceSecretCipher"), productSecret)));
    }

    @Test
    void registrationSignedWithAWrongProductSecretShouldBeDenied() {
        operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "dyn-bad", "authType", "DYNAMIC"));

        assertDenied(gateway.post("/api/v1/auth/register", new DeviceSigner(pk, "dyn-bad").registerJson("not-it", "r", now())),
                "BAD_SIGNATURE");
    }

    @Test
    void x509DeviceShouldChainToAVerifiedCaAndPinItsFirstCertificate() {
        TestPki ca = TestPki.rootCa("Fleet CA");
        Response uploaded = operator.post("/api/v1/products/" + pk + "/ca-certificates", Map.of("certificatePem", ca.caPem()));
        assertThat(uploaded.status()).isEqualTo(201);
        String caId = uploaded.text("caId");
        operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "x-1", "authType", "X509"));
        TestPki.Issued first = ca.device("x-1");
        DeviceSigner device = new DeviceSigner(pk, "x-1");

        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(first.pem(), "c", now())), "CA_NOT_VERIFIED");
        Response wrongCode = operator.post("/api/v1/products/" + pk + "/ca-certificates/" + caId + "/verification",
                Map.of("certificatePem", ca.verificationCertificate("not-the-code").pem()));
        assertThat(wrongCode.status()).isEqualTo(400);
        Response otherSigner = operator.post("/api/v1/products/" + pk + "/ca-certificates/" + caId + "/verification",
                Map.of("certificatePem", TestPki.rootCa("Impostor").verificationCertificate(uploaded.text("verificationCode")).pem()));
        assertThat(otherSigner.status()).isEqualTo(400);
        Response verified = operator.post("/api/v1/products/" + pk + "/ca-certificates/" + caId + "/verification",
                Map.of("certificatePem", ca.verificationCertificate(uploaded.text("verificationCode")).pem()));
        assertThat(verified.text("status")).isEqualTo("VERIFIED");

        assertAllowed(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(first.pem(), "c", now())));
        assertAllowed(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(first.pem(), "c", now())));
        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(ca.device("x-1").pem(), "c", now())),
                "FINGERPRINT_MISMATCH");
        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(TestPki.rootCa("Other").device("x-1").pem(), "c", now())),
                "CERTIFICATE_NOT_TRUSTED");
        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(ca.expiredDevice("x-1").pem(), "c", now())),
                "CERTIFICATE_EXPIRED");
        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson("-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----", "c", now())),
                "CERTIFICATE_INVALID");

        TestPki.Issued second = ca.device("x-1");
        assertThat(operator.post("/api/v1/products/" + pk + "/devices/x-1/fingerprint/reset", "").status()).isEqualTo(200);
        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(first.pem(), "c", now())), "CERTIFICATE_REVOKED");
        assertAllowed(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(second.pem(), "c", now())));
        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(first.pem(), "c", now())), "FINGERPRINT_MISMATCH");
    }

    @Test
    void x509DeviceWithARegisteredFingerprintShouldAcceptOnlyThatCertificate() {
        TestPki ca = TestPki.rootCa("Registered CA");
        Response uploaded = operator.post("/api/v1/products/" + pk + "/ca-certificates", Map.of("certificatePem", ca.caPem()));
        operator.post("/api/v1/products/" + pk + "/ca-certificates/" + uploaded.text("caId") + "/verification",
                Map.of("certificatePem", ca.verificationCertificate(uploaded.text("verificationCode")).pem()));
        TestPki.Issued registered = ca.device("x-2");
        operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "x-2", "authType", "X509",
                "certificateFingerprint", registered.fingerprint()));
        DeviceSigner device = new DeviceSigner(pk, "x-2");

        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(ca.device("x-2").pem(), "c", now())), "FINGERPRINT_MISMATCH");
        assertAllowed(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(registered.pem(), "c", now())));
    }

    @Test
    void caUploadShouldRefuseGarbageAndNonCaCertificates() {
        Response garbage = operator.post("/api/v1/products/" + pk + "/ca-certificates", Map.of("certificatePem", "not a pem"));
        Response leaf = operator.post("/api/v1/products/" + pk + "/ca-certificates",
                Map.of("certificatePem", TestPki.rootCa("Some CA").device("leaf").pem()));

        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.text("error")).isNotBlank();
        assertThat(leaf.status()).isEqualTo(400);
        assertThat(leaf.text("error")).isEqualTo("NOT_A_CA");
    }

    @Test
    void weakCaUploadShouldAnswer400NamingTheRuleAndStoreNothing() throws IOException {
        String first = upload(TestPki.rootCa("Strong CA")).text("caId");
        await().until(() -> view.caCertificate(pk, first).isPresent());
        long before = view.sequence(pk);

        Response sha1 = upload(TestPki.rootCa("SHA-1 CA", TestPki.KeyType.RSA, Options.defaults().signedWith("SHA1withRSA"), Instant.now()));
        Response shortKey = upload(TestPki.rootCa("RSA-1024 CA", TestPki.KeyType.RSA, Options.defaults().key(KeySpec.rsa(1024)), Instant.now()));
        Extension privateCritical = new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.7"), true, DERNull.INSTANCE.getEncoded());
        Response critical = upload(TestPki.rootCa("Odd CA", TestPki.KeyType.EC, Options.defaults().extension(privateCritical), Instant.now()));

        assertThat(sha1.status()).isEqualTo(400);
        assertThat(sha1.text("error")).isEqualTo("CERTIFICATE_WEAK");
        assertThat(sha1.text("message")).startsWith("CA certificate is signed with SHA1WITHRSA, which is refused");
        assertThat(shortKey.status()).isEqualTo(400);
        assertThat(shortKey.text("error")).isEqualTo("CERTIFICATE_WEAK");
        assertThat(shortKey.text("message")).isEqualTo("CA certificate has an RSA key of 1024 bits, which is refused: at least 2048");
        assertThat(critical.status()).isEqualTo(400);
        assertThat(critical.text("error")).isEqualTo("CERTIFICATE_INVALID");
        assertThat(critical.text("message")).isEqualTo("CA certificate has a critical extension 1.3.6.1.4.1.55555.7 that is not supported");
        // The product's events are applied in order: once the next upload shows, a stored refusal would have too.
        String next = upload(TestPki.rootCa("Next CA")).text("caId");
        await().until(() -> view.caCertificate(pk, next).isPresent());
        assertThat(view.sequence(pk)).isEqualTo(before + 1);
    }

    @Test
    void x509DeviceWithAWeakCertificateOrTooLongAChainShouldBeDenied() {
        TestPki ca = TestPki.rootCa("Fleet CA");
        Response uploaded = upload(ca);
        operator.post("/api/v1/products/" + pk + "/ca-certificates/" + uploaded.text("caId") + "/verification",
                Map.of("certificatePem", ca.verificationCertificate(uploaded.text("verificationCode")).pem()));
        operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "x-weak", "authType", "X509"));
        DeviceSigner device = new DeviceSigner(pk, "x-weak");
        TestPki.Issued sha1 = ca.device("x-weak", Options.defaults().signedWith("SHA1withECDSA"));
        TestPki limited = TestPki.rootCa("Limited CA", TestPki.KeyType.EC, Options.defaults().pathLen(0), Instant.now());
        Response limitedUpload = upload(limited);
        operator.post("/api/v1/products/" + pk + "/ca-certificates/" + limitedUpload.text("caId") + "/verification",
                Map.of("certificatePem", limited.verificationCertificate(limitedUpload.text("verificationCode")).pem()));
        TestPki sub = limited.intermediate("Sub CA");

        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(sha1.pem(), "c", now())), "CERTIFICATE_WEAK");
        assertDenied(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(sub.device("x-weak").pem() + sub.caPem(), "c", now())),
                "CERTIFICATE_NOT_TRUSTED");
        assertAllowed(decisions.post("/api/v1/auth/connect", device.x509ConnectJson(limited.device("x-weak").pem(), "c", now())));
    }

    private Response upload(TestPki ca) {
        return operator.post("/api/v1/products/" + pk + "/ca-certificates", Map.of("certificatePem", ca.caPem()));
    }

    @Test
    void someoneKnowingOnlyTheDeviceKeyShouldBlockHisOwnAddressNotTheDevice() {
        String ds = addStatic("st-brute");
        String other = addStatic("st-good");
        String attacker = address();
        String device = address();
        for (int i = 0; i < 7; i++) {
            assertDenied(connect("st-brute", "guess-" + i, attacker), "BAD_SIGNATURE");
        }

        assertDenied(connect("st-brute", ds, attacker), "RATE_LIMITED");
        assertAllowed(connect("st-brute", ds, device));
        assertAllowed(connect("st-brute", ds));
        assertAllowed(connect("st-good", other, attacker));
    }

    @Test
    void aGatewayShouldNotBeBlockedByTheFailuresOfTheDevicesBehindIt() {
        String ds = addStatic("st-behind-gateway");
        for (int i = 0; i < 100; i++) {
            String peer = i % 2 == 0 ? null : address();
            assertDenied(connect("unknown-" + i, "anything", peer), "UNKNOWN_DEVICE");
        }
        for (int i = 0; i < 70; i++) {
            assertThat(decisions.post("/api/v1/auth/emqx", Map.of("clientid", "c", "username", "unknown-emqx-" + i + "&" + pk,
                    "password", "hmac-sha256:" + now() + ":" + "0".repeat(64))).text("reason")).isEqualTo("UNKNOWN_DEVICE");
        }

        assertAllowed(connect("st-behind-gateway", ds));
        assertAllowed(connect("st-behind-gateway", ds, address()));
    }

    @Test
    void anAddressFailingForManyDevicesShouldBeBlockedAloneNotItsGateway() {
        String ds = addStatic("st-next-door");
        String guesser = address();
        for (int i = 0; i < 60; i++) {
            assertDenied(connect("guess-" + i, "anything", guesser), "UNKNOWN_DEVICE");
        }

        assertDenied(connect("guess-60", "anything", guesser), "RATE_LIMITED");
        assertDenied(connect("st-next-door", ds, guesser), "RATE_LIMITED");
        assertAllowed(connect("st-next-door", ds, address()));
        assertAllowed(connect("st-next-door", ds));
    }

    @Test
    void aPeerAddressThatIsNotAnIpLiteralShouldBeRefusedWith400() {
        String ds = addStatic("st-peer");
        for (String bad : List.of("gateway.example.com", "10.0.0.256", "", "fe80::1%eth0")) {
            Response connect = connect("st-peer", ds, bad);
            assertThat(connect.status()).as("%s", bad).isEqualTo(400);
            assertThat(connect.text("error")).isEqualTo("VALIDATION_FAILED");
            assertThat(connect.text("message")).contains("peerAddress");
        }
        Response emqx = decisions.post("/api/v1/auth/emqx", Map.of("clientid", "c", "username", "st-peer&" + pk,
                "password", "hmac-sha256:1:00", "peerhost", "not-an-address"));
        assertThat(emqx.status()).isEqualTo(400);
        assertThat(emqx.text("error")).isEqualTo("VALIDATION_FAILED");
        Response register = gateway.post("/api/v1/auth/register", "{\"productKey\":\"" + pk + "\",\"deviceKey\":\"st-peer\","
                + "\"random\":\"r\",\"timestamp\":" + now() + ",\"signMethod\":\"hmac-sha256\",\"signature\":\"00\","
                + "\"peerAddress\":\"localhost\"}");
        assertThat(register.status()).isEqualTo(400);
        assertThat(register.text("error")).isEqualTo("VALIDATION_FAILED");

        assertAllowed(connect("st-peer", ds, "2001:DB8::7"));
    }

    @Test
    void malformedRequestsShouldGetA400() {
        String ds = addStatic("st-bad");
        assertThat(decisions.send("POST", "/api/v1/auth/connect", "{not json", Map.of()).status()).isEqualTo(400);
        assertThat(decisions.post("/api/v1/auth/connect", Map.of("productKey", pk, "deviceKey", "st-bad")).status()).isEqualTo(400);
        assertThat(decisions.post("/api/v1/auth/connect", Map.of("productKey", pk, "deviceKey", "st-bad", "clientId", "c",
                "timestamp", now(), "signMethod", "md5", "signature", "00")).status()).isEqualTo(400);
        assertThat(decisions.post("/api/v1/auth/connect", Map.of("productKey", pk, "deviceKey", "st-bad", "clientId", "c",
                "timestamp", "yesterday", "signMethod", "hmac-sha256", "signature", "00")).status()).isEqualTo(400);
        assertAllowed(connect("st-bad", ds));
    }

    @Test
    void emqxHookShouldDecideInItsOwnShape() {
        String ds = addStatic("st-emqx");
        long ts = now();
        String signature = io.roster.command.auth.domain.signature.DeviceSignatures.connectSignature(ds, pk, "st-emqx", "mqtt-client", ts);

        Response allowed = decisions.post("/api/v1/auth/emqx", Map.of("clientid", "mqtt-client", "username", "st-emqx&" + pk,
                "password", "hmac-sha256:" + ts + ":" + signature, "peerhost", "10.1.2.3"));
        Response denied = decisions.post("/api/v1/auth/emqx", Map.of("clientid", "mqtt-client", "username", "st-emqx&" + pk,
                "password", "hmac-sha256:" + (ts - 1) + ":" + signature, "peerhost", "10.1.2.3"));
        Response garbled = decisions.post("/api/v1/auth/emqx", Map.of("clientid", "c", "username", "no-ampersand", "password", "x"));

        assertThat(allowed.text("result")).isEqualTo("allow");
        assertThat(allowed.body().path("is_superuser").asBoolean(true)).isFalse();
        assertThat(denied.text("result")).isEqualTo("deny");
        assertThat(garbled.text("result")).isEqualTo("deny");
    }
}
