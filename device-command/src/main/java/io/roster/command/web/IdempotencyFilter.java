package io.roster.command.web;

import io.roster.command.auth.application.SecretCipher;
import io.roster.command.lifecycle.application.IdempotencyStore.Claim;
import io.roster.command.lifecycle.application.IdempotencyStore.Claimed;
import io.roster.command.lifecycle.application.IdempotencyStore.Committed;
import io.roster.command.lifecycle.application.IdempotencyStore.Completed;
import io.roster.command.lifecycle.application.IdempotencyStore.InProgress;
import io.roster.command.lifecycle.application.IdempotencyStore.Lease;
import io.roster.command.lifecycle.application.IdempotencyStore.Mismatch;
import io.roster.command.lifecycle.application.IdempotencyStore.StoredResponse;
import io.roster.command.lifecycle.application.IdempotencyStore;
import io.roster.command.lifecycle.application.RequestLeases;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes every command safe to retry: a request carrying an {@code Idempotency-Key} that was already
 * answered gets the same answer again without running twice. The same key with a different request is
 * refused (422), and one still running is reported (409).
 * <p>
 * A running request holds its key for a short lease only, so one that died before its command committed does not
 * block its key for the whole retention: once the lease is over a retry runs. The command marks the key committed
 * as it commits ({@link io.roster.command.lifecycle.application.CommitMarks}), so a retry of a command that committed but
 * whose answer was lost (not stored, or a 5xx) is told so (409) and never runs it again. Answers of 5xx are not
 * remembered, so requests that changed nothing can be retried for real. Runs after {@link RequestBodyLimitFilter},
 * which cached the body.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final IdempotencyStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Duration retention;
    private final Duration lease;

    public IdempotencyFilter(IdempotencyStore store, SecretCipher cipher, Clock clock, Duration retention,
                             Duration lease) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.retention = retention;
        this.lease = lease;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null
                || !COMMAND_METHODS.contains(request.getMethod())
                || !request.getRequestURI().startsWith("/api/v1/")
                || request.getRequestURI().startsWith("/api/v1/auth/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(HEADER);
        if (!VALID_KEY.matcher(presented).matches()) {
            JsonErrors.write(response, 400, "VALIDATION_FAILED",
                    HEADER + " must be 1-128 printable ASCII characters without spaces");
            return;
        }
        // keys are per caller: one caller can neither replay nor block another's answers
        String key = caller(request) + "|" + presented;
        byte[] body = request instanceof CachedBodyRequest cached ? cached.body() : new byte[0];
        Instant now = clock.instant();
        Claim claim = store.claim(key, requestHash(request, body), now, now.plus(lease), now.minus(retention));
        if (claim instanceof Completed completed) {
            replay(completed.response(), key, response);
        } else if (claim instanceof InProgress) {
            JsonErrors.write(response, 409, "IDEMPOTENCY_IN_PROGRESS",
                    "a request with this " + HEADER + " is still being processed; retry later");
        } else if (claim instanceof Committed) {
            JsonErrors.write(response, 409, "IDEMPOTENCY_KEY_COMMITTED",
                    "the request with this " + HEADER + " was applied, but its answer was lost; it is not run again");
        } else if (claim instanceof Mismatch) {
            JsonErrors.write(response, 422, "IDEMPOTENCY_KEY_REUSED",
                    "this " + HEADER + " was already used for a different request");
        } else if (claim instanceof Claimed claimed) {
            runOnce(request, response, chain, claimed.lease());
        }
    }

    private void runOnce(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Lease held)
            throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean remembered = false;
        try (RequestLeases.Hold hold = RequestLeases.hold(held)) {
            chain.doFilter(request, captured);
            if (captured.getStatus() < 500) {
                remembered = remember(held, captured);
            }
        } finally {
            if (!remembered) {
                abandon(held);
            }
        }
        captured.copyBodyToResponse();
    }

    /** Stores the answer; when that fails the caller still gets it, and retries learn whether the command committed. */
    private boolean remember(Lease held, ContentCachingResponseWrapper captured) {
        byte[] answer = captured.getContentAsByteArray();
        try {
            store.complete(held, new StoredResponse(captured.getStatus(), captured.getContentType(),
                    answer.length == 0 ? null
                            : cipher.encrypt(new String(answer, StandardCharsets.UTF_8), context(held.key()))));
            return true;
        } catch (RuntimeException e) {
            log.warn("could not store the answer of an idempotent request: {}", e.toString());
            return false;
        }
    }

    /** Ends the lease early; when even that fails, the lease simply runs out. */
    private void abandon(Lease held) {
        try {
            store.abandon(held, clock.instant());
        } catch (RuntimeException e) {
            log.warn("could not end an Idempotency-Key lease; it ends in at most {}: {}", lease, e.toString());
        }
    }

    private void replay(StoredResponse stored, String key, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        response.setHeader("Idempotent-Replayed", "true");
        if (stored.body() != null) {
            byte[] body = cipher.decrypt(stored.body(), context(key)).getBytes(StandardCharsets.UTF_8);
            if (stored.contentType() != null) {
                response.setContentType(stored.contentType());
            }
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /** A short, fixed-length stand-in for the caller's identity (token subjects can be any length). */
    private static String caller(HttpServletRequest request) {
        String name = request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName();
        return sha256(name.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String context(String key) {
        return "idempotent-response:" + key;
    }

    private static String requestHash(HttpServletRequest request, byte[] body) {
        byte[] head = (request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return sha256(all);
    }
}
