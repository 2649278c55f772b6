package io.roster.command.adapter.in.web;

import io.roster.command.application.IdempotencyStore;
import io.roster.command.application.IdempotencyStore.Claim;
import io.roster.command.application.IdempotencyStore.Completed;
import io.roster.command.application.IdempotencyStore.InProgress;
import io.roster.command.application.IdempotencyStore.Mismatch;
import io.roster.command.application.IdempotencyStore.StoredResponse;
import io.roster.command.application.SecretCipher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
 * refused (422), and one still running is reported (409). Answers of 5xx are not remembered, so they can
 * be retried for real. Runs after {@link RequestBodyLimitFilter}, which cached the body.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final IdempotencyStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Duration retention;

    public IdempotencyFilter(IdempotencyStore store, SecretCipher cipher, Clock clock, Duration retention) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.retention = retention;
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
        Claim claim = store.claim(key, requestHash(request, body), now, now.minus(retention));
        if (claim instanceof Completed completed) {
            replay(completed.response(), key, response);
        } else if (claim instanceof InProgress) {
            JsonErrors.write(response, 409, "IDEMPOTENCY_IN_PROGRESS",
                    "a request with this " + HEADER + " is still being processed; retry later");
        } else if (claim instanceof Mismatch) {
            JsonErrors.write(response, 422, "IDEMPOTENCY_KEY_REUSED",
                    "this " + HEADER + " was already used for a different request");
        } else {
            runOnce(request, response, chain, key);
        }
    }

    private void runOnce(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String key)
            throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean remembered = false;
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (status < 500) {
                byte[] answer = captured.getContentAsByteArray();
                store.complete(key, new StoredResponse(status, captured.getContentType(), answer.length == 0 ? null
                        : cipher.encrypt(new String(answer, StandardCharsets.UTF_8), context(key))));
                remembered = true;
            }
        } finally {
            if (!remembered) {
                store.release(key);
            }
        }
        captured.copyBodyToResponse();
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
