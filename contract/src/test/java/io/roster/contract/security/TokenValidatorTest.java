package io.roster.contract.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TokenValidatorTest {

    private static final String ISSUER = "https://idp.example.com";

    private static Jwt token(List<String> audience) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").issuer(ISSUER).subject("gw")
                .issuedAt(Instant.now().minusSeconds(10)).expiresAt(Instant.now().plusSeconds(600));
        return audience == null ? builder.build() : builder.audience(audience).build();
    }

    @Test
    void aConfiguredAudienceShouldBeRequired() {
        OAuth2TokenValidator<Jwt> validator = RosterSecurityAutoConfiguration.validator(ISSUER, List.of("roster"));

        assertThat(validator.validate(token(List.of("roster"))).hasErrors()).isFalse();
        assertThat(validator.validate(token(List.of("billing", "roster"))).hasErrors()).isFalse();
        assertThat(validator.validate(token(List.of("billing"))).hasErrors()).isTrue();
        assertThat(validator.validate(token(null)).hasErrors()).isTrue();
    }

    @Test
    void severalAudiencesShouldEachBeAccepted() {
        OAuth2TokenValidator<Jwt> validator = RosterSecurityAutoConfiguration.validator(ISSUER, List.of("roster", " fleet "));

        assertThat(validator.validate(token(List.of("fleet"))).hasErrors()).isFalse();
        assertThat(validator.validate(token(List.of("billing"))).hasErrors()).isTrue();
    }

    @Test
    void withoutAConfiguredAudienceAnyAudienceShouldDoAsBefore() {
        for (List<String> none : java.util.Arrays.asList(null, List.<String>of(), List.of(""))) {
            OAuth2TokenValidator<Jwt> validator = RosterSecurityAutoConfiguration.validator(ISSUER, none);

            assertThat(validator.validate(token(List.of("billing"))).hasErrors()).isFalse();
            assertThat(validator.validate(token(null)).hasErrors()).isFalse();
        }
    }

    @Test
    void theIssuerShouldStillBeChecked() {
        Jwt foreign = Jwt.withTokenValue("t").header("alg", "RS256").issuer("https://elsewhere").subject("gw")
                .audience(List.of("roster")).issuedAt(Instant.now().minusSeconds(10)).expiresAt(Instant.now().plusSeconds(600)).build();

        assertThat(RosterSecurityAutoConfiguration.validator(ISSUER, List.of("roster")).validate(foreign).hasErrors()).isTrue();
    }
}
