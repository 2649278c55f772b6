package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.application.CredentialView;
import io.roster.command.auth.application.SecretReEncryption;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.it.Api.Response;
import io.roster.command.lifecycle.domain.ReEncryptSecretsCommand;
import io.roster.devstack.infra.SharedInfra;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating the key-encryption key: a new key id encrypts new secrets, old ones stay readable while
 * the old key is configured, the re-encryption job moves them over, and then the old key can go.
 */
class KeyRotationIT {

    private final String name = TestStack.unique("rotation");
    private final String oldKey = randomKey();
    private final String newKey = randomKey();

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private ConfigurableApplicationContext start(String activeKeyId, Map<String, String> keys) {
        List<String> args = TestStack.standalonePostgres(name);
        args.add("--roster.secrets.active-key-id=" + activeKeyId);
        keys.forEach((id, key) -> args.add("--roster.secrets.keys." + id + "=" + key));
        return new SpringApplicationBuilder(CommandApplication.class).run(args.toArray(String[]::new));
    }

    private static String url(ConfigurableApplicationContext context) {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static Api secrets(ConfigurableApplicationContext context) {
        return new Api(url(context), SharedInfra.tokens().mint("keeper", List.of("secrets"), Duration.ofMinutes(5)));
    }

    @Test
    void reEncryptionShouldNeverBringBackASecretResetMeanwhile() {
        SharedInfra.postgres().createDatabase(name);
        String pk;
        String oldSecret;
        try (ConfigurableApplicationContext first = start("k1", Map.of("k1", oldKey))) {
            Api api = new Api(url(first));
            pk = api.createProduct("MQTT");
            api.grant(pk, 10);
            oldSecret = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "raced", "authType", "STATIC"))
                    .text("deviceSecret");
            api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "calm", "authType", "STATIC"));
            Api gateway = new Api(url(first), SharedInfra.tokens().mint("gw", List.of("gateway"), Duration.ofMinutes(5)));
            assertThat(gateway.post("/api/v1/auth/connect", new DeviceSigner(pk, "raced")
                    .connectJson(oldSecret, "c", System.currentTimeMillis())).text("result")).isEqualTo("allow");
        }

        try (ConfigurableApplicationContext second = start("k2", Map.of("k1", oldKey, "k2", newKey))) {
            Api api = new Api(url(second));
            ReEncryptSecretsCommand planned = second.getBean(SecretReEncryption.class).plan(pk).orElseThrow();
            assertThat(planned.deviceSecrets()).containsOnlyKeys("raced", "calm");
            String resetSecret = api.post("/api/v1/products/" + pk + "/devices/raced/secret/reset", "").text("deviceSecret");

            second.getBean(CommandGateway.class).sendAndWait(planned);

            assertThat(resetSecret).isNotEqualTo(oldSecret);
            assertThat(secrets(second).get("/api/v1/products/" + pk + "/devices/raced/secret").text("deviceSecret"))
                    .isEqualTo(resetSecret);
            CredentialView view = second.getBean(CredentialView.class);
            assertThat(view.device(pk, "raced").orElseThrow().secret().keyId()).isEqualTo("k2");
            assertThat(view.device(pk, "calm").orElseThrow().secret().keyId()).isEqualTo("k2");
        }
    }

    @Test
    void rotationShouldKeepEverySecretReadableAndLetTheOldKeyGo() {
        SharedInfra.postgres().createDatabase(name);
        String pk;
        String oldSecret;
        try (ConfigurableApplicationContext first = start("k1", Map.of("k1", oldKey))) {
            Api api = new Api(url(first));
            pk = api.createProduct("MQTT");
            api.grant(pk, 10);
            oldSecret = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "old", "authType", "STATIC"))
                    .text("deviceSecret");
        }

        String newSecret;
        try (ConfigurableApplicationContext second = start("k2", Map.of("k1", oldKey, "k2", newKey))) {
            Api api = new Api(url(second));
            newSecret = api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "new", "authType", "STATIC"))
                    .text("deviceSecret");
            assertThat(secrets(second).get("/api/v1/products/" + pk + "/devices/old/secret").text("deviceSecret"))
                    .isEqualTo(oldSecret);

            Response job = api.post("/api/v1/admin/secrets/re-encryption", "");
            assertThat(job.status()).isEqualTo(200);
            assertThat(job.text("activeKeyId")).isEqualTo("k2");
            assertThat(job.body().path("secretsReEncrypted").asInt()).isEqualTo(2);
            assertThat(api.post("/api/v1/admin/secrets/re-encryption", "").body().path("secretsReEncrypted").asInt()).isZero();
        }

        try (ConfigurableApplicationContext third = start("k2", Map.of("k2", newKey))) {
            Api keeper = secrets(third);
            assertThat(keeper.get("/api/v1/products/" + pk + "/devices/old/secret").text("deviceSecret")).isEqualTo(oldSecret);
            assertThat(keeper.get("/api/v1/products/" + pk + "/devices/new/secret").text("deviceSecret")).isEqualTo(newSecret);
        }
    }
}
