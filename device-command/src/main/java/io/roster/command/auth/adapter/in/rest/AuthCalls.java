package io.roster.command.auth.adapter.in.rest;

import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.command.web.BadRequestException;
import io.roster.contract.Keys;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.command.auth.application.DeviceAuthentication.ConnectRequest;
import io.roster.command.auth.application.DeviceAuthentication;
import io.roster.command.auth.domain.signature.DeviceSignatures;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The connect decision and the EMQX hook as HTTP calls, whichever listener receives them: the bodies, their checks
 * and the answers of {@link AuthController} on the API port and of {@link DecisionServer} on the decision port.
 * Bodies are checked here rather than by Bean Validation: this is the hot path of the service, and Spring's
 * validation round (binder, groups, constraint metadata, regular expressions) cost more than the decision itself.
 */
public final class AuthCalls {

    private final DeviceAuthentication authentication;
    private final Clock clock;

    public AuthCalls(DeviceAuthentication authentication, Clock clock) {
        this.authentication = authentication;
        this.clock = clock;
    }

    /**
     * A connect request (docs/authentication.md); {@code peerAddress}, optional, is the device's own address as the gateway sees
     * it, the source the failure limits count (docs/authentication.md §7).
     */
    public record ConnectBody(String productKey, String deviceKey, String clientId, Long timestamp, String signMethod,
                       String signature, String certificatePem, String peerAddress) {

        /**
         * Keys as {@link Keys#PATTERN}; clientId 1–128 characters; the proofs within their sizes; peerAddress
         * an IP literal.
         */
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
            fail(problems);
            boolean signed = signature != null;
            if (signed == (certificatePem != null)) {
                throw new BadRequestException("send either signature (with signMethod) or certificatePem");
            }
            if (signed) {
                requireSignMethod(signMethod);
            }
        }
    }

    /** EMQX 5 HTTP authentication request, with the placeholders named in docs/authentication.md. */
    public record EmqxBody(String clientid, String username, String password, String peerhost,
                    @JsonProperty("cert_pem") String certPem) {

        void check() {
            List<String> problems = new ArrayList<>(0);
            if (clientid == null) {
                problems.add("field 'clientid' must not be null");
            }
            size("clientid", clientid, 256, problems);
            size("username", username, 256, problems);
            size("password", password, 512, problems);
            size("peerhost", peerhost, 64, problems);
            size("cert_pem", certPem, 65_536, problems);
            fail(problems);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Decision(String result, String reason, String deviceSecretCipher) {
        static Decision of(Verdict verdict) {
            return verdict.allowed() ? new Decision("allow", null, null)
                    : new Decision("deny", verdict.reason().map(Enum::name).orElse("DENIED"), null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EmqxDecision(String result, @JsonProperty("is_superuser") boolean superuser, String reason) {
    }

    /**
     * The checked body as the decision's request ({@link BadRequestException} when it is malformed). Its source is
     * the device's {@code peerAddress}, never the caller's address: the caller is a gateway carrying many devices.
     */
    public ConnectRequest connectRequest(ConnectBody body) {
        body.check();
        String source = PeerAddress.canonical("peerAddress", body.peerAddress());
        return new ConnectRequest(body.productKey(), body.deviceKey(), body.clientId(), body.timestamp(),
                body.signature(), body.certificatePem(), source);
    }

    /**
     * The checked body as the decision's request: username {@code <deviceKey>&<productKey>}; password
     * {@code hmac-sha256:<timestamp>:<signature>} for static and dynamic devices (the signature covers the MQTT client
     * id); X.509 devices send no password and EMQX forwards {@code cert_pem}. {@code null} when the credentials do not
     * follow that layout, which {@link #emqx} denies. The source is {@code peerhost} (an IP literal, else 400), the
     * device's address; without it the source is unknown, as for a connect without {@code peerAddress}.
     */
    public ConnectRequest emqxRequest(EmqxBody body) {
        body.check();
        String source = body.peerhost() == null || body.peerhost().isBlank() ? null
                : PeerAddress.canonical("peerhost", body.peerhost());
        EmqxCredentials credentials = EmqxCredentials.parse(body.username(), body.password(), body.certPem() != null);
        if (credentials == null) {
            return null;
        }
        long timestamp = body.certPem() != null ? clock.millis() : credentials.timestamp();
        return new ConnectRequest(credentials.productKey(), credentials.deviceKey(), body.clientid(), timestamp,
                credentials.signature(), body.certPem(), source);
    }

    public CompletableFuture<Decision> connect(ConnectRequest request) {
        return authentication.connectAsync(request).thenApply(Decision::of);
    }

    /** EMQX 5 delegates here without glue code; {@code request} from {@link #emqxRequest}. */
    public CompletableFuture<EmqxDecision> emqx(ConnectRequest request) {
        if (request == null) {
            return CompletableFuture.completedFuture(new EmqxDecision("deny", false, "MALFORMED_CREDENTIALS"));
        }
        return authentication.connectAsync(request).thenApply(verdict -> verdict.allowed()
                ? new EmqxDecision("allow", false, null)
                : new EmqxDecision("deny", false, verdict.reason().map(DenyReason::name).orElse("DENIED")));
    }

    static void requireSignMethod(String signMethod) {
        if (!DeviceSignatures.SIGN_METHOD.equals(signMethod)) {
            throw new BadRequestException("signMethod must be " + DeviceSignatures.SIGN_METHOD);
        }
    }

    private static void key(String field, String value, List<String> problems) {
        if (!Keys.valid(value)) {
            problems.add("field '" + field + "' " + Keys.RULE);
        }
    }

    private static void size(String field, String value, int max, List<String> problems) {
        if (value != null && value.length() > max) {
            problems.add("field '" + field + "' must be at most " + max + " characters");
        }
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new BadRequestException(String.join("; ", problems));
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
