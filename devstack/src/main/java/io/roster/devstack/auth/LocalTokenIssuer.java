package io.roster.devstack.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roster.devstack.infra.FreePorts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A local OAuth2 token issuer for the embedded stack and the tests: it signs JWTs with an RSA key and
 * serves the public half as a JWKS, exactly what the services' resource-server configuration expects
 * from a company identity provider. Real deployments point the services at their own issuer instead.
 */
public final class LocalTokenIssuer implements AutoCloseable {

    /** The claim that carries a caller's roles; the services read it unless configured otherwise. */
    public static final String ROLES_CLAIM = "roles";
    /** The audience ({@code aud}) of every token it mints unless told otherwise; the embedded stack's services expect it. */
    public static final String AUDIENCE = "roster";

    private final HttpServer server;
    private final RSAKey key;
    private final String issuer;

    private LocalTokenIssuer(HttpServer server, RSAKey key) {
        this.server = server;
        this.key = key;
        this.issuer = "http://localhost:" + server.getAddress().getPort();
    }

    /**
     * Starts an issuer on {@code port} (0 picks a free one). With a {@code keyFile} the signing key is
     * kept there, so tokens stay valid across restarts; without one it lives only in memory.
     */
    public static LocalTokenIssuer start(int port, Path keyFile) {
        RSAKey key = keyFile == null ? generate() : loadOrCreate(keyFile);
        try {
            HttpServer server = HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.orPick(port)), 16);
            LocalTokenIssuer issuer = new LocalTokenIssuer(server, key);
            server.createContext("/.well-known/jwks.json", exchange -> issuer.respond(exchange,
                    new JWKSet(key.toPublicJWK()).toString()));
            server.createContext("/.well-known/openid-configuration", exchange -> issuer.respond(exchange,
                    "{\"issuer\":\"" + issuer.issuer + "\",\"jwks_uri\":\"" + issuer.jwksUri() + "\"}"));
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local token issuer on port " + port, e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String jwksUri() {
        return issuer + "/.well-known/jwks.json";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** A token for {@code subject} with {@code roles}, valid from now for {@code ttl}. */
    public String mint(String subject, List<String> roles, Duration ttl) {
        Instant now = Instant.now();
        return mint(subject, roles, now, now.plus(ttl));
    }

    /** A token with explicit validity, e.g. one that expired already. */
    public String mint(String subject, List<String> roles, Instant issuedAt, Instant expiresAt) {
        return mint(subject, roles, AUDIENCE, issuedAt, expiresAt);
    }

    /** A token for another audience than {@link #AUDIENCE}, valid from now for {@code ttl}. */
    public String mint(String subject, List<String> roles, String audience, Duration ttl) {
        Instant now = Instant.now();
        return mint(subject, roles, audience, now, now.plus(ttl));
    }

    private String mint(String subject, List<String> roles, String audience, Instant issuedAt, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .claim(ROLES_CLAIM, roles)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
        return jwt.serialize();
    }

    private void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA key", e);
        }
    }

    private static RSAKey loadOrCreate(Path keyFile) {
        try {
            if (Files.exists(keyFile)) {
                return RSAKey.parse(Files.readString(keyFile));
            }
            RSAKey key = generate();
            Files.createDirectories(keyFile.getParent());
            Files.writeString(keyFile, key.toJSONString());
            try {
                Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions are all there is
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the issuer key " + keyFile, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the issuer key " + keyFile + " is not a JWK", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
