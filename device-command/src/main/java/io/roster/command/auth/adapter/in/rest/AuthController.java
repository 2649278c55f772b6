package io.roster.command.auth.adapter.in.rest;

import io.roster.command.auth.adapter.in.netty.DecisionServer;
import io.roster.command.auth.adapter.in.rest.AuthCalls.ConnectBody;
import io.roster.command.auth.adapter.in.rest.AuthCalls.Decision;
import io.roster.command.auth.adapter.in.rest.AuthCalls.EmqxBody;
import io.roster.command.auth.adapter.in.rest.AuthCalls.EmqxDecision;
import io.roster.command.auth.application.DeviceAuthentication.RegisterRequest;
import io.roster.command.auth.application.DeviceAuthentication.Registration;
import io.roster.command.auth.application.DeviceAuthentication;
import io.roster.command.web.ApiError;
import io.roster.contract.Keys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * The device-facing decisions gateways ask for (docs/authentication.md), and the same decision in the shape of
 * EMQX 5's HTTP authentication hook. Answers are 200 allow/deny; only malformed requests are 400.
 * Connect and EMQX decisions are also served, faster, on the decision port ({@link DecisionServer}). Here a
 * decision is waited for on the request's thread; a first success the writers' pool cannot take is 503.
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
            @NotNull @Pattern(regexp = Keys.PATTERN) String productKey,
            @NotNull @Pattern(regexp = Keys.PATTERN) String deviceKey,
            @NotNull @Size(min = 1, max = 128) String random,
            @NotNull Long timestamp,
            @NotNull @Size(max = 32) String signMethod,
            @NotNull @Size(max = 256) String signature,
            String peerAddress) {
    }

    @PostMapping("/connect")
    Decision connect(@RequestBody ConnectBody body) {
        return join(calls.connect(calls.connectRequest(body)));
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
        return join(calls.emqx(calls.emqxRequest(body)));
    }

    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<ApiError> overloaded(RejectedExecutionException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(ApiError.of("OVERLOADED", "too many first connections at once; retry shortly"));
    }

    /** A decision's outcome; its failure rethrown as it was thrown, for the exception handlers. */
    private static <T> T join(CompletableFuture<T> decision) {
        try {
            return decision.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
