package io.roster.contract.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtDecoderTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private static Jwt jwt(Instant expiresAt) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("s").issuedAt(NOW.minusSeconds(10))
                .expiresAt(expiresAt).build();
    }

    @Test
    void validatedTokenShouldBeDecodedOnceWhileValid() {
        AtomicInteger calls = new AtomicInteger();
        JwtDecoder delegate = token -> {
            calls.incrementAndGet();
            return jwt(NOW.plusSeconds(60));
        };
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, 10, Clock.fixed(NOW, ZoneOffset.UTC));

        decoder.decode("a");
        decoder.decode("a");

        assertThat(calls).hasValue(1);
    }

    @Test
    void expiredCachedTokenShouldBeValidatedAgain() {
        AtomicInteger calls = new AtomicInteger();
        JwtDecoder delegate = token -> {
            if (calls.incrementAndGet() > 1) {
                throw new JwtException("expired");
            }
            return jwt(NOW.plusSeconds(60));
        };
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, 10, clock);
        decoder.decode("a");
        now[0] = NOW.plusSeconds(61);

        assertThatThrownBy(() -> decoder.decode("a")).isInstanceOf(JwtException.class);
        assertThat(calls).hasValue(2);
    }

    @Test
    void rejectedTokenShouldNeverBeCached() {
        AtomicInteger calls = new AtomicInteger();
        JwtDecoder delegate = token -> {
            calls.incrementAndGet();
            throw new JwtException("bad signature");
        };
        CachingJwtDecoder decoder = new CachingJwtDecoder(delegate, 10, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> decoder.decode("x")).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode("x")).isInstanceOf(JwtException.class);
        assertThat(calls).hasValue(2);
    }
}
