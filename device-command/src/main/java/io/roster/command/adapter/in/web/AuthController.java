package io.roster.command.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.roster.command.application.DeviceAuthentication;
import io.roster.command.application.DeviceAuthentication.ConnectRequest;
import io.roster.command.application.DeviceAuthentication.Registration;
import io.roster.command.application.DeviceAuthentication.RegisterRequest;
import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.command.auth.signature.DeviceSignatures;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The device-facing decisions gateways ask for (DESIGN §4), and the same decision in the shape of
 * EMQX 5's HTTP authentication hook. Answers are 200 allow/deny; only malformed requests are 400.
 */
@RestController
@RequestMapping(path = "/api/v1/auth", produces = "application/json", consumes = "application/json")
class AuthController {

    private final DeviceAuthentication authentication;
    private final Clock clock;

    AuthController(DeviceAuthentication authentication, Clock clock) {
        this.authentication = authentication;
        this.clock = clock;
    }

    /**
     * A connect request. Checked by {@link #check()} rather than Bean Validation: this is the hot path of the
     * service, and Spring's validation round (binder, groups, constraint metadata, two regular expressions)
     * cost more than the decision itself.
     */
    record ConnectBody(String productKey, String deviceKey, String clientId, Long timestamp, String signMethod,
                       String signature, String certificatePem) {

        /** Keys as {@link ProductController#KEY}; clientId 1–128 characters; the proofs within their sizes. */
        void check() {
            List<String> problems = new ArrayList<>(0);
            key("productKey", productKey, problems);
            key("deviceKey", deviceKey, problems);
            if (clientId == null || clientId.isEmpty() || clientId.length() > 128) {
                problems.add("field 'clientId' must be 1-128 characters");
            }
            if (timestamp == null) {
                problems.add("field 'timestamp' must not be null");
            }
            size("signMethod", signMethod, 32, problems);
            size("signature", signature, 256, problems);
            size("certificatePem", certificatePem, 65_536, problems);
            if (!problems.isEmpty()) {
                throw new BadRequestException(String.join("; ", problems));
            }
        }

        private static void key(String field, String value, List<String> problems) {
            if (!Keys.valid(value)) {
                problems.add("field '" + field + "' must be 1-64 characters of A-Z a-z 0-9 _ . : @ -");
            }
        }

        private static void size(String field, String value, int max, List<String> problems) {
            if (value != null && value.length() > max) {
                problems.add("field '" + field + "' must be at most " + max + " characters");
            }
        }
    }

    record RegisterBody(
            @NotNull @Pattern(regexp = ProductController.KEY) String productKey,
            @NotNull @Pattern(regexp = ProductController.KEY) String deviceKey,
            @NotNull @Size(min = 1, max = 128) String random,
            @NotNull Long timestamp,
            @NotNull @Size(max = 32) String signMethod,
            @NotNull @Size(max = 256) String signature) {
    }

    /** EMQX 5 HTTP authentication request, with the placeholders named in docs/authentication.md. */
    record EmqxBody(
            @NotNull @Size(max = 256) String clientid,
            @Size(max = 256) String username,
            @Size(max = 512) String password,
            @Size(max = 64) String peerhost,
            @JsonProperty("cert_pem") @Size(max = 65_536) String certPem) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Decision(String result, String reason, String deviceSecretCipher) {
        static Decision of(Verdict verdict) {
            return verdict.allowed() ? new Decision("allow", null, null)
                    : new Decision("deny", verdict.reason().map(Enum::name).orElse("DENIED"), null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EmqxDecision(String result, @JsonProperty("is_superuser") boolean superuser, String reason) {
    }

    @PostMapping("/connect")
    Decision connect(@RequestBody ConnectBody body, HttpServletRequest request) {
        body.check();
        boolean signed = body.signature() != null;
        if (signed == (body.certificatePem() != null)) {
            throw new BadRequestException("send either signature (with signMethod) or certificatePem");
        }
        if (signed) {
            requireSignMethod(body.signMethod());
        }
        return Decision.of(authentication.connect(new ConnectRequest(body.productKey(), body.deviceKey(),
                body.clientId(), body.timestamp(), body.signature(), body.certificatePem(), request.getRemoteAddr())));
    }

    @PostMapping("/register")
    Decision register(@Valid @RequestBody RegisterBody body, HttpServletRequest request) {
        requireSignMethod(body.signMethod());
        Registration registration = authentication.register(new RegisterRequest(body.productKey(), body.deviceKey(),
                body.random(), body.timestamp(), body.signature(), request.getRemoteAddr()));
        Decision decision = Decision.of(registration.verdict());
        return registration.verdict().allowed() ? new Decision("allow", null, registration.deviceSecretCipher()) : decision;
    }

    /**
     * EMQX 5 delegates here without glue code. Username {@code <deviceKey>&<productKey>}; password
     * {@code hmac-sha256:<timestamp>:<signature>} for static and dynamic devices (the signature covers
     * the MQTT client id); X.509 devices send no password and EMQX forwards {@code cert_pem}.
     */
    @PostMapping("/emqx")
    EmqxDecision emqx(@Valid @RequestBody EmqxBody body, HttpServletRequest request) {
        EmqxCredentials credentials = EmqxCredentials.parse(body.username(), body.password(), body.certPem() != null);
        if (credentials == null) {
            return new EmqxDecision("deny", false, "MALFORMED_CREDENTIALS");
        }
        String source = body.peerhost() == null || body.peerhost().isBlank() ? request.getRemoteAddr() : body.peerhost();
        long timestamp = body.certPem() != null ? clock.millis() : credentials.timestamp();
        Verdict verdict = authentication.connect(new ConnectRequest(credentials.productKey(), credentials.deviceKey(),
                body.clientid(), timestamp, credentials.signature(), body.certPem(), source));
        return verdict.allowed() ? new EmqxDecision("allow", false, null)
                : new EmqxDecision("deny", false, verdict.reason().map(DenyReason::name).orElse("DENIED"));
    }

    private static void requireSignMethod(String signMethod) {
        if (!DeviceSignatures.SIGN_METHOD.equals(signMethod)) {
            throw new BadRequestException("signMethod must be " + DeviceSignatures.SIGN_METHOD);
        }
    }

    /** The device's identity and proof as laid out in an MQTT username and password. */
    record EmqxCredentials(String productKey, String deviceKey, long timestamp, String signature) {

        static EmqxCredentials parse(String username, String password, boolean certificate) {
            if (username == null) {
                return null;
            }
            int amp = username.indexOf('&');
            if (amp < 0) {
                return null;
            }
            String deviceKey = username.substring(0, amp);
            String productKey = username.substring(amp + 1);
            if (!Keys.valid(deviceKey) || !Keys.valid(productKey)) {
                return null;
            }
            if (certificate) {
                return new EmqxCredentials(productKey, deviceKey, 0, null);
            }
            String[] parts = password == null ? new String[0] : password.split(":", -1);
            if (parts.length != 3 || !DeviceSignatures.SIGN_METHOD.equals(parts[0])) {
                return null;
            }
            try {
                return new EmqxCredentials(productKey, deviceKey, Long.parseLong(parts[1]), parts[2]);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
