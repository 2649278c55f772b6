package io.roster.command.adapter.in.web;

import io.roster.command.adapter.in.web.AuthCalls.ConnectBody;
import io.roster.command.adapter.in.web.AuthCalls.Decision;
import io.roster.command.adapter.in.web.AuthCalls.EmqxBody;
import io.roster.command.adapter.in.web.AuthCalls.EmqxDecision;
import io.roster.command.application.DeviceAuthentication;
import io.roster.command.application.DeviceAuthentication.Registration;
import io.roster.command.application.DeviceAuthentication.RegisterRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/**
 * The device-facing decisions gateways ask for (docs/authentication.md), and the same decision in the shape of
 * EMQX 5's HTTP authentication hook. Answers are 200 allow/deny; only malformed requests are 400.
 * Connect and EMQX decisions are also served, faster, on the decision port ({@link DecisionServer}).
 */
@RestController
@RequestMapping(path = "/api/v1/auth", produces = "application/json", consumes = "application/json")
class AuthController {

    private final DeviceAuthentication authentication;
    private final AuthCalls calls;

    AuthController(DeviceAuthentication authentication, Clock clock) {
        this.authentication = authentication;
        this.calls = new AuthCalls(authentication, clock);
    }

    record RegisterBody(
            @NotNull @Pattern(regexp = ProductController.KEY) String productKey,
            @NotNull @Pattern(regexp = ProductController.KEY) String deviceKey,
            @NotNull @Size(min = 1, max = 128) String random,
            @NotNull Long timestamp,
            @NotNull @Size(max = 32) String signMethod,
            @NotNull @Size(max = 256) String signature,
            String peerAddress) {
    }

    @PostMapping("/connect")
    Decision connect(@RequestBody ConnectBody body) {
        return calls.connect(calls.connectRequest(body));
    }

    @PostMapping("/register")
    Decision register(@Valid @RequestBody RegisterBody body) {
        AuthCalls.requireSignMethod(body.signMethod());
        String source = PeerAddress.canonical("peerAddress", body.peerAddress());
        Registration registration = authentication.register(new RegisterRequest(body.productKey(), body.deviceKey(),
                body.random(), body.timestamp(), body.signature(), source));
        Decision decision = Decision.of(registration.verdict());
        return registration.verdict().allowed() ? new Decision("allow", null, registration.deviceSecretCipher()) : decision;
    }

    /** EMQX 5's HTTP authentication hook; see {@link AuthCalls#emqxRequest}. */
    @PostMapping("/emqx")
    EmqxDecision emqx(@RequestBody EmqxBody body) {
        return calls.emqx(calls.emqxRequest(body));
    }
}
