package io.roster.contract.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refusals in the services' error shape. They are cheap on purpose: a fixed body, no session, no
 * request body read, and nothing about why a token failed beyond the code.
 */
public final class JsonSecurityErrors {

    private static final byte[] UNAUTHENTICATED = ("{\"error\":\"UNAUTHENTICATED\",\"message\":"
            + "\"a valid bearer token is required\"}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] FORBIDDEN = ("{\"error\":\"FORBIDDEN\",\"message\":"
            + "\"the caller's roles do not allow this call\"}").getBytes(StandardCharsets.UTF_8);

    private JsonSecurityErrors() {
    }

    /** The body of a 401: no valid bearer token. */
    public static byte[] unauthenticatedBody() {
        return UNAUTHENTICATED.clone();
    }

    /** The body of a 403: the token's roles do not admit the call. */
    public static byte[] forbiddenBody() {
        return FORBIDDEN.clone();
    }

    public static AuthenticationEntryPoint entryPoint() {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            write(response, HttpServletResponse.SC_UNAUTHORIZED, UNAUTHENTICATED);
        };
    }

    public static AccessDeniedHandler accessDenied() {
        return (request, response, e) -> write(response, HttpServletResponse.SC_FORBIDDEN, FORBIDDEN);
    }

    private static void write(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
