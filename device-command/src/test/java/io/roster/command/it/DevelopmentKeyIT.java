package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * device-command started alone, with no key-encryption key of its own and without ROSTER_SECRETS_ALLOW_DEV_KEY, refuses
 * to start and says which variables to set; the test configuration (src/test/resources/config) allows the key for
 * every other test, and this one turns that off.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentKeyIT {

    private final String name = TestStack.unique("devkey");

    private ConfigurableApplicationContext start(List<String> extra) {
        SharedInfra.postgres().createDatabase(name);
        List<String> args = TestStack.standalonePostgres(name);
        args.add("--roster.secrets.allow-dev-key=false");
        args.addAll(extra);
        return new SpringApplicationBuilder(CommandApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void withoutAKeyOfItsOwnAndWithoutTheFlagItShouldRefuseToStartAndSayWhatToSet(CapturedOutput output) {
        assertThatThrownBy(() -> start(List.of()).close())
                .hasStackTraceContaining("built-in development key 'dev-1'")
                .hasStackTraceContaining("ROSTER_SECRETS_KEYS_<ID>");

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("no key-encryption key is configured")
                .contains("Set ROSTER_SECRETS_ACTIVE_KEY_ID=<id> and ROSTER_SECRETS_KEYS_<ID>=")
                .contains("ROSTER_SECRETS_ALLOW_DEV_KEY=true");
    }

    @Test
    void theBuiltInKeyUnderAnotherIdShouldBeRefusedToo() {
        assertThatThrownBy(() -> start(List.of("--roster.secrets.active-key-id=mine",
                "--roster.secrets.keys.mine=ZGV2ZWxvcG1lbnQta2V5LW5vdC1mb3ItcHJvZHVjdGk=")).close())
                .hasStackTraceContaining("ROSTER_SECRETS_KEYS_<ID>");
    }

    @Test
    void aKeyOfItsOwnShouldNeedNoFlag() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        try (ConfigurableApplicationContext context = start(List.of("--roster.secrets.active-key-id=k1",
                "--roster.secrets.keys.k1=" + Base64.getEncoder().encodeToString(key)))) {
            Api api = new Api("http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort());
            String pk = api.createProduct("MQTT");
            api.grant(pk, 1);
            assertThat(api.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", "d", "authType", "STATIC"))
                    .text("deviceSecret")).isNotBlank();
        }
    }
}
