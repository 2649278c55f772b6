package io.roster.command.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roster.command.CommandApplication;
import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.command.auth.replay.ReplayGuard;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.it.Api.Response;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The decision port as an HTTP server: the API port's refusals (token, role, route, method, media type, size) in
 * the API's shapes, keep-alive, and the first connection of a device (which writes its activation off the event
 * loop) answered in order with the requests behind it on the same connection.
 */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class DecisionPortIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_auth_it");
    }

    @LocalServerPort
    int port;

    @Autowired
    DecisionServer decisionServer;

    @Autowired
    DataSource dataSource;

    Api operator;
    String gatewayToken;
    String base;
    String pk;

    @BeforeEach
    void product() {
        operator = new Api("http://localhost:" + port);
        gatewayToken = SharedInfra.tokens().mint("gw-port", List.of("gateway"), Duration.ofHours(1));
        base = "http://localhost:" + decisionServer.port();
        pk = operator.createProduct("MQTT");
        operator.grant(pk, 10);
    }

    private String addStatic(String dk) {
        return operator.post("/api/v1/products/" + pk + "/devices", Map.of("deviceKey", dk, "authType", "STATIC")).text("deviceSecret");
    }

    @Test
    void pingShouldAnswerWithoutAToken() {
        Response ping = new Api(base, null).get("/api/v1/ping");

        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.text("status")).isEqualTo("ok");
    }

    @Test
    void decisionsShouldNeedTheGatewayRole() {
        String request = new DeviceSigner(pk, "st-role").connectJson(addStatic("st-role"), "c", System.currentTimeMillis());

        Response none = new Api(base, null).post("/api/v1/auth/connect", request);
        Response garbage = new Api(base, "not.a.jwt").post("/api/v1/auth/connect", request);
        Response operatorToken = operator.post("/api/v1/auth/connect", request); // the API port: operator may not either
        Response operatorHere = new Api(base, SharedInfra.tokens().mint("op", List.of("operator"), Duration.ofHours(1)))
                .post("/api/v1/auth/connect", request);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text("error")).isEqualTo("UNAUTHENTICATED");
        assertThat(none.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(operatorToken.status()).isEqualTo(403);
        assertThat(operatorHere.status()).isEqualTo(403);
        assertThat(operatorHere.text("error")).isEqualTo("FORBIDDEN");
        assertThat(new Api(base, gatewayToken).post("/api/v1/auth/connect", request).text("result"))
                .as("the refused requests changed nothing: the same request is still admitted once").isEqualTo("allow");
    }

    @Test
    void otherCallsShouldBeRefusedInTheApiShape() {
        Api gateway = new Api(base, gatewayToken);

        Response unknown = gateway.get("/api/v1/products/" + pk);
        Response register = gateway.post("/api/v1/auth/register", Map.of("productKey", pk));
        Response wrongMethod = gateway.get("/api/v1/auth/connect");
        Response wrongType = gateway.post("/api/v1/auth/connect", "{}", Map.of("Content-Type", "text/plain"));
        Response unknownField = gateway.post("/api/v1/auth/connect", Map.of("productKey", pk, "colour", "red"));
        Response tooLarge = gateway.post("/api/v1/auth/emqx", Map.of("clientid", "c", "cert_pem", "x".repeat(70_000)));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("error")).isEqualTo("NOT_FOUND");
        assertThat(register.status()).isEqualTo(404);
        assertThat(register.text("message")).contains("API port");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.text("error")).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.text("error")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.text("message")).isEqualTo("unknown field 'colour'");
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.text("error")).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    /**
     * Two requests written at once on one connection: the first activates its device (a write, answered off the event
     * loop), the second is decided from memory. Answers must come back in request order, each complete.
     */
    @Test
    void pipelinedRequestsShouldBeAnsweredInOrderAcrossAnActivation() throws IOException {
        String first = new DeviceSigner(pk, "st-pipe").connectJson(addStatic("st-pipe"), "c", System.currentTimeMillis());
        String second = new DeviceSigner(pk, "never-added").connectJson("ds", "c", System.currentTimeMillis());

        try (Socket socket = new Socket("localhost", decisionServer.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((post(first) + post(second)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));

            assertThat(body(in)).isEqualTo("{\"result\":\"allow\"}");
            assertThat(body(in)).isEqualTo("{\"result\":\"deny\",\"reason\":\"UNKNOWN_DEVICE\"}");
        }
    }

    /**
     * Three requests on one connection, the second and third written while the first one's replay claim waits for
     * a row lock held here: the connection goes on reading (the third, another device's, is claimed meanwhile by the other
     * claim writer), the first is refused once its claim times out (fail closed), and the answers come back in
     * request order.
     */
    @Test
    void answersShouldKeepRequestOrderWhileAClaimWaitsAndAClaimTimingOutShouldDeny() throws Exception {
        Api gateway = new Api(base, gatewayToken);
        String held = addStatic("st-held");
        String free = addStatic("st-free");
        long now = System.currentTimeMillis();
        assertThat(gateway.post("/api/v1/auth/connect", new DeviceSigner(pk, "st-held").connectJson(held, "c", now - 1))
                .text("result")).isEqualTo("allow");
        assertThat(gateway.post("/api/v1/auth/connect", new DeviceSigner(pk, "st-free").connectJson(free, "c", now - 1))
                .text("result")).isEqualTo("allow");
        String first = new DeviceSigner(pk, "st-held").connectJson(held, "c", now);
        String second = new DeviceSigner(pk, "never-added").connectJson("ds", "c", now);
        String third = new DeviceSigner(pk, "st-free").connectJson(free, "c", now);

        try (Connection lock = dataSource.getConnection(); Socket socket = new Socket("localhost", decisionServer.port())) {
            lock.setAutoCommit(false);
            try (PreparedStatement insert = lock.prepareStatement(
                    "insert into roster_replay_claims (fingerprint, expires_at) values (?, now())")) {
                insert.setObject(1, fingerprint(first));
                insert.executeUpdate();
            }
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(post(first).getBytes(StandardCharsets.UTF_8));
            out.flush();
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject("""
                    select count(*) from pg_stat_activity
                    where wait_event_type = 'Lock' and query like 'insert into roster_replay_claims%'""", Integer.class) > 0);
            out.write((post(second) + post(third)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "select count(*) from roster_replay_claims where fingerprint = ?", Integer.class, fingerprint(third)) == 1);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));

            assertThat(body(in)).isEqualTo("{\"result\":\"deny\",\"reason\":\"RATE_LIMITED\"}");
            assertThat(body(in)).isEqualTo("{\"result\":\"deny\",\"reason\":\"UNKNOWN_DEVICE\"}");
            assertThat(body(in)).isEqualTo("{\"result\":\"allow\"}");
            lock.rollback();
        }
    }

    /** The replay fingerprint of a signed connect body. */
    private static UUID fingerprint(String connectJson) throws IOException {
        JsonNode body = new ObjectMapper().readTree(connectJson);
        return ReplayGuard.fingerprint(body.path("productKey").asText(), body.path("deviceKey").asText(),
                body.path("timestamp").asLong(), body.path("signature").asText());
    }

    private String post(String json) {
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        return "POST /api/v1/auth/connect HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + gatewayToken
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n" + json;
    }

    /** Reads one response with a Content-Length and returns its body. */
    private static String body(BufferedReader in) throws IOException {
        String status = in.readLine();
        assertThat(status).startsWith("HTTP/1.1 200");
        int length = -1;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            read += in.read(body, read, length - read);
        }
        return new String(body);
    }
}
