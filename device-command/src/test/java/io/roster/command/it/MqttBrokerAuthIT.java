package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.command.auth.broker.EmbeddedMqttBroker;
import io.roster.command.auth.broker.PahoDevice;
import io.roster.command.auth.broker.RosterGatewayHook.Endpoint;
import io.roster.command.auth.broker.RosterGatewayHook;
import io.roster.command.auth.domain.signature.DeviceSecretCipher;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.auth.support.TestPki;
import io.roster.devstack.infra.SharedInfra;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Devices of all three authentication types connect with Eclipse Paho to an MQTT broker (HiveMQ CE, in-process)
 * whose authenticator is a gateway calling this application over HTTP with a {@code gateway} token: listener
 * {@code emqx} through the EMQX hook endpoint, {@code connect} through the wire contract of docs/authentication.md, and {@code tls}
 * (mutual TLS) forwarding the client certificate through the EMQX hook as {@code cert_pem}.
 */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttBrokerAuthIT {

    private static final char[] STORE_PASSWORD = "changeit".toCharArray();
    private static final TestPki BROKER_PKI = TestPki.rootCa("mqtt-it-broker-ca");
    private static final TestPki DEVICE_CA = TestPki.rootCa("mqtt-it-device-ca");
    private static final TestPki OTHER_CA = TestPki.rootCa("mqtt-it-other-ca");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_mqtt_it");
    }

    @LocalServerPort
    int port;

    @Autowired
    DecisionServer decisionServer;

    private Api operator;
    private Api gateway;
    private RosterGatewayHook hook;
    private EmbeddedMqttBroker broker;

    @BeforeAll
    void startBroker(@TempDir Path dir) throws Exception {
        String base = "http://localhost:" + port;
        String gatewayToken = SharedInfra.tokens().mint("mqtt-gateway", List.of("gateway"), Duration.ofMinutes(30));
        operator = new Api(base);
        gateway = new Api(base, gatewayToken);
        // the broker asks where gateways should: the decision port (its API-port twin is DeviceAuthenticationIT's)
        hook = new RosterGatewayHook("http://localhost:" + decisionServer.port(), gatewayToken,
                Map.of("emqx", Endpoint.EMQX, "connect", Endpoint.CONNECT, "tls", Endpoint.EMQX));
        // The TLS layer trusts both device CAs, so that which certificate belongs to which device is Roster's call.
        KeyStore deviceCas = KeyStore.getInstance("PKCS12");
        deviceCas.load(null, null);
        deviceCas.setCertificateEntry("device-ca", DEVICE_CA.ca().x509());
        deviceCas.setCertificateEntry("other-ca", OTHER_CA.ca().x509());
        broker = EmbeddedMqttBroker.builder(dir)
                .tcp("emqx")
                .tcp("connect")
                .mutualTls("tls", BROKER_PKI.tlsServer().keyStore(STORE_PASSWORD, BROKER_PKI.ca()), deviceCas)
                .start(hook);
    }

    @AfterAll
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void staticDeviceShouldConnectThroughTheEmqxHookWithItsSecretOnly() throws Exception {
        Product product = product();
        String ds = addStatic(product, "meter-1");

        assertConnects("emqx", product, "meter-1", ds);
        assertRefused("emqx", product, "meter-1", "not-the-device-secret-at-all", "BAD_SIGNATURE");
        assertRefused("emqx", product, "meter-404", ds, "UNKNOWN_DEVICE");
    }

    @Test
    void staticDeviceShouldConnectThroughTheConnectContractWithItsSecretOnly() throws Exception {
        Product product = product();
        String ds = addStatic(product, "meter-1");

        assertConnects("connect", product, "meter-1", ds);
        assertConnects("connect", product, "meter-1", ds);
        assertRefused("connect", product, "meter-1", "not-the-device-secret-at-all", "BAD_SIGNATURE");
        assertRefused("connect", product, "meter-404", ds, "UNKNOWN_DEVICE");
    }

    @Test
    void oldSecretShouldBeRefusedOnceTheSecretWasReset() throws Exception {
        Product product = product();
        String oldSecret = addStatic(product, "meter-1");
        assertConnects("emqx", product, "meter-1", oldSecret);

        Api.Response reset = operator.send("POST", product.devicePath("meter-1") + "/secret/reset", null, Map.of());
        assertThat(reset.status()).isEqualTo(200);
        String newSecret = reset.text("deviceSecret");
        assertThat(newSecret).isNotBlank().isNotEqualTo(oldSecret);

        assertRefused("emqx", product, "meter-1", oldSecret, "BAD_SIGNATURE");
        assertConnects("connect", product, "meter-1", newSecret);
    }

    @Test
    void deletedDeviceShouldBeRefused() throws Exception {
        Product product = product();
        String ds = addStatic(product, "meter-1");
        assertConnects("emqx", product, "meter-1", ds);

        assertThat(operator.delete(product.devicePath("meter-1")).status()).isEqualTo(200);

        assertRefused("emqx", product, "meter-1", ds, "DEVICE_DELETED");
        assertRefused("connect", product, "meter-1", ds, "DEVICE_DELETED");
    }

    @Test
    void dynamicDeviceShouldConnectWithTheSecretItRegisteredFor() throws Exception {
        Product product = product();
        assertThat(operator.post(product.devicesPath(), Map.of("deviceKey", "dyn-1", "authType", "DYNAMIC")).status())
                .isEqualTo(201);
        assertRefused("emqx", product, "dyn-1", "guessed-secret-0123456789", "SECRET_NOT_ISSUED");

        long timestamp = System.currentTimeMillis();
        Api.Response registered = gateway.post("/api/v1/auth/register",
                new DeviceSigner(product.key(), "dyn-1").registerJson(product.secret(), "r-" + timestamp, timestamp));
        assertThat(registered.status()).isEqualTo(200);
        assertThat(registered.text("result")).isEqualTo("allow");
        String ds = DeviceSecretCipher.decrypt(registered.text("deviceSecretCipher"), product.secret());

        assertConnects("emqx", product, "dyn-1", ds);
        assertConnects("connect", product, "dyn-1", ds);
    }

    @Test
    void x509DeviceShouldConnectOverMutualTlsOnlyWithItsPinnedCertificateFromTheVerifiedCa() throws Exception {
        Product product = product();
        Api.Response uploaded = operator.post(product.path() + "/ca-certificates", Map.of("certificatePem", DEVICE_CA.caPem()));
        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(uploaded.text("status")).isEqualTo("UNVERIFIED");
        String caId = uploaded.text("caId");
        Api.Response verified = operator.post(product.path() + "/ca-certificates/" + caId + "/verification",
                Map.of("certificatePem", DEVICE_CA.verificationCertificate(uploaded.text("verificationCode")).pem()));
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.text("status")).isEqualTo("VERIFIED");
        assertThat(operator.post(product.devicesPath(), Map.of("deviceKey", "cam-1", "authType", "X509")).status())
                .isEqualTo(201);
        TestPki.Issued first = DEVICE_CA.device("cam-1");
        TestPki.Issued second = DEVICE_CA.device("cam-1");
        TestPki.Issued foreign = OTHER_CA.device("cam-1");

        assertConnectsOverTls(product, "cam-1", first, DEVICE_CA);
        assertRefusedOverTls(product, "cam-1", second, DEVICE_CA, "FINGERPRINT_MISMATCH");
        assertRefusedOverTls(product, "cam-1", foreign, OTHER_CA, "CERTIFICATE_NOT_TRUSTED");
        assertConnectsOverTls(product, "cam-1", first, DEVICE_CA);

        assertThat(operator.send("POST", product.devicePath("cam-1") + "/fingerprint/reset", null, Map.of()).status()).isEqualTo(200);
        assertConnectsOverTls(product, "cam-1", second, DEVICE_CA);
        assertRefusedOverTls(product, "cam-1", first, DEVICE_CA, "FINGERPRINT_MISMATCH");
    }

    private void assertConnects(String listener, Product product, String deviceKey, String deviceSecret) throws MqttException {
        String clientId = clientId(deviceKey);
        String password = PahoDevice.password(deviceSecret, product.key(), deviceKey, clientId, System.currentTimeMillis());
        assertThat(PahoDevice.connectsAndLeaves(broker.uri(listener), clientId,
                PahoDevice.username(product.key(), deviceKey), password, null)).isTrue();
        assertThat(hook.decision(clientId)).hasValueSatisfying(d -> assertThat(d.allowed()).isTrue());
    }

    private void assertRefused(String listener, Product product, String deviceKey, String deviceSecret, String reason) {
        String clientId = clientId(deviceKey);
        String password = PahoDevice.password(deviceSecret, product.key(), deviceKey, clientId, System.currentTimeMillis());
        assertThatThrownBy(() -> PahoDevice.connect(broker.uri(listener), clientId,
                PahoDevice.username(product.key(), deviceKey), password, null))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        assertDenied(clientId, reason);
    }

    private void assertConnectsOverTls(Product product, String deviceKey, TestPki.Issued certificate, TestPki issuer)
            throws MqttException {
        String clientId = clientId(deviceKey);
        assertThat(PahoDevice.connectsAndLeaves(broker.uri("tls"), clientId, PahoDevice.username(product.key(), deviceKey),
                null, tls(certificate, issuer))).isTrue();
        assertThat(hook.decision(clientId)).hasValueSatisfying(d -> assertThat(d.allowed()).isTrue());
    }

    private void assertRefusedOverTls(Product product, String deviceKey, TestPki.Issued certificate, TestPki issuer,
                                      String reason) {
        String clientId = clientId(deviceKey);
        assertThatThrownBy(() -> PahoDevice.connect(broker.uri("tls"), clientId,
                PahoDevice.username(product.key(), deviceKey), null, tls(certificate, issuer)))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        assertDenied(clientId, reason);
    }

    private void assertDenied(String clientId, String reason) {
        assertThat(hook.decision(clientId)).hasValueSatisfying(d -> {
            assertThat(d.status()).isEqualTo(200);
            assertThat(d.result()).isEqualTo("deny");
            assertThat(d.reason()).isEqualTo(reason);
        });
    }

    private static SSLContext tls(TestPki.Issued certificate, TestPki issuer) {
        return PahoDevice.mutualTls(certificate, issuer.ca(), BROKER_PKI.trustStore());
    }

    private static String clientId(String deviceKey) {
        return deviceKey + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Product product() {
        Api.Response created = operator.post("/api/v1/products",
                Map.of("name", "Gateway meter", "protocol", "MQTT", "nodeType", "DIRECT"));
        assertThat(created.status()).isEqualTo(201);
        Product product = new Product(created.text("productKey"), created.text("productSecret"));
        operator.grant(product.key(), 10);
        return product;
    }

    /** Adds a static device and returns its DS, as the operator would flash it. */
    private String addStatic(Product product, String deviceKey) {
        Api.Response added = operator.post(product.devicesPath(), Map.of("deviceKey", deviceKey, "authType", "STATIC"));
        assertThat(added.status()).isEqualTo(201);
        return added.text("deviceSecret");
    }

    private record Product(String key, String secret) {

        String path() {
            return "/api/v1/products/" + key;
        }

        String devicesPath() {
            return path() + "/devices";
        }

        String devicePath(String deviceKey) {
            return devicesPath() + "/" + deviceKey;
        }
    }
}
