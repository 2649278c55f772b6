package io.roster.contract.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that passed full validation until they expire, so a gateway that sends the same
 * bearer token with thousands of requests pays for one signature check, not thousands. Only tokens
 * the delegate accepted are cached; a cached token is served only while it is within its validity.
 * The cache is bounded: when full it is emptied and refills from the next requests.
 */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Jwt> validated = new ConcurrentHashMap<>();

    public CachingJwtDecoder(JwtDecoder delegate, int maxEntries, Clock clock) {
        this.delegate = delegate;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = validated.get(token);
        Instant now = clock.instant();
        if (cached != null && stillValid(cached, now)) {
            return cached;
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null) {
            if (validated.size() >= maxEntries) {
                validated.clear();
            }
            validated.put(token, jwt);
        }
        return jwt;
    }

    private static boolean stillValid(Jwt jwt, Instant now) {
        Instant notBefore = jwt.getNotBefore();
        return jwt.getExpiresAt() != null && now.isBefore(jwt.getExpiresAt())
                && (notBefore == null || !now.isBefore(notBefore));
    }
}
