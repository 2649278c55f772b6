package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.command.auth.application.replay.ReplayClaims;
import io.roster.command.auth.application.replay.ReplayClaims.Route;
import io.roster.command.auth.support.DeviceSigner;
import io.roster.command.it.Api.Response;
import io.roster.devstack.infra.SharedInfra;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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

    @Autowired
    ReplayClaims replayClaims;

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
     * Fail closed when the lead's claims cannot be written behind: while a lock held here stops its batches, it
     * accepts until its oldest unwritten claim has waited past the limit, then refuses, and accepts again once they
     * are written.
     */
    @Test
    void aLeadWhoseClaimsCannotBeWrittenShouldRefuseUntilTheyAre() throws Exception {
        Api gateway = new Api(base, gatewayToken);
        String ds = addStatic("st-held");
        DeviceSigner device = new DeviceSigner(pk, "st-held");
        long now = System.currentTimeMillis();
        await().atMost(Duration.ofSeconds(10)).until(() -> replayClaims.route() == Route.MEMORY);
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("lock table roster_replay_claim_batches in exclusive mode");
            }
            assertThat(gateway.post("/api/v1/auth/connect", device.connectJson(ds, "c", now - 1)).text("result"))
                    .isEqualTo("allow");
            await().atMost(Duration.ofSeconds(10)).until(() -> replayClaims.route() == Route.UNAVAILABLE);
            Response refused = gateway.post("/api/v1/auth/connect", device.connectJson(ds, "c", now - 2));
            assertThat(refused.text("result")).isEqualTo("deny");
            assertThat(refused.text("reason")).isEqualTo("RATE_LIMITED");
            lock.rollback();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> replayClaims.route() == Route.MEMORY);
        assertThat(gateway.post("/api/v1/auth/connect", device.connectJson(ds, "c", now - 3)).text("result"))
                .isEqualTo("allow");
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
