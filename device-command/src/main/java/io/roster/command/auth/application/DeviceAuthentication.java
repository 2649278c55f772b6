package io.roster.command.auth.application;

import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.command.auth.application.CertificateChecks.DeviceCertificate;
import io.roster.command.auth.application.CertificateChecks.TrustAnchor;
import io.roster.command.auth.application.CredentialView.CaCertificate;
import io.roster.command.auth.application.CredentialView.DeviceCredential;
import io.roster.command.auth.application.CredentialView.ProductCredential;
import io.roster.command.auth.application.replay.ReplayClaims;
import io.roster.command.auth.domain.ratelimit.DeviceConnectCap;
import io.roster.command.auth.domain.ratelimit.FailureLimits;
import io.roster.command.auth.domain.replay.ReplayGuard;
import io.roster.command.auth.domain.signature.DeviceSecretCipher;
import io.roster.command.auth.domain.signature.SignatureVerifier;
import io.roster.command.auth.domain.signature.TimestampWindow;
import io.roster.command.lifecycle.application.DeviceListService;
import io.roster.command.lifecycle.domain.ActivateDeviceCommand;
import io.roster.command.lifecycle.domain.AlreadyRegisteredException;
import io.roster.command.lifecycle.domain.FingerprintConflictException;
import io.roster.command.lifecycle.domain.IssueDeviceSecretCommand;
import io.roster.command.lifecycle.domain.PinFingerprintCommand;
import io.roster.command.lifecycle.domain.UnknownDeviceException;
import io.roster.contract.AuthType;
import io.roster.contract.DeviceId;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.Fingerprint;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Connection-authentication decisions (docs/authentication.md). A decision for a known device is made from memory
 * — the {@link CredentialView}, the in-memory replay guard, the per-device connection cap and the failure limiters —
 * and, for a signed request the guard admits, one claim of its fingerprint across the deployment ({@link ReplayClaims}:
 * from memory on the instance that leads the claims, forwarded to it from the others; docs/security.md, "Replay
 * protection"). Decisions are therefore asynchronous: {@link #connectAsync} and {@link #registerAsync} never block the caller's thread. A
 * device's first success (activation, pinning a certificate, issuing a dynamic secret) writes an event, on
 * {@code writes}, a pool of its own, and only once its claim is won.
 */
public class DeviceAuthentication {

    /**
     * A connect request as the wire contract defines it; {@code source} is the device's own address as its gateway
     * reports it (an IP literal), or {@code null} when the gateway does not say.
     */
    public record ConnectRequest(String productKey, String deviceKey, String clientId, long timestamp,
                                 String signature, String certificatePem, String source) {
    }

    public record RegisterRequest(String productKey, String deviceKey, String random, long timestamp,
                                  String signature, String source) {
    }

    /** A registration's answer: the verdict and, when allowed, the device secret sealed for the device. */
    public record Registration(Verdict verdict, String deviceSecretCipher) {
    }

    private record PlainSecret(String cipher, String plaintext) {
    }

    private static final CompletableFuture<Verdict> ALLOWED = CompletableFuture.completedFuture(Verdict.allow());
    private static final Verdict CLAIM_UNAVAILABLE = Verdict.deny(DenyReason.RATE_LIMITED,
            "the replay claims could not be checked in time");

    private final CredentialView view;
    private final SecretCipher cipher;
    private final SecretGenerator generator;
    private final CommandGateway commands;
    private final SignatureVerifier signatures;
    private final TimestampWindow window;
    private final ReplayGuard replays;
    private final ReplayClaims claims;
    private final DeviceConnectCap cap;
    private final FailureLimits limits;
    private final CertificateChecks certificates;
    private final DeviceSecretCipher deviceSecretCipher;
    private final Executor writes;
    private final Map<DeviceId, PlainSecret> plaintexts = new ConcurrentHashMap<>();
    private final Map<String, TrustAnchor> parsedCas = new ConcurrentHashMap<>();

    /**
     * {@code writes} runs the decisions that write an event; when it refuses one, the decision completes with its
     * {@link RejectedExecutionException}.
     */
    public DeviceAuthentication(CredentialView view, SecretCipher cipher, SecretGenerator generator,
                                CommandGateway commands, TimestampWindow window, ReplayGuard replays,
                                ReplayClaims claims, DeviceConnectCap cap, FailureLimits limits,
                                CertificateChecks certificates, DeviceSecretCipher deviceSecretCipher,
                                Executor writes) {
        this.view = view;
        this.cipher = cipher;
        this.generator = generator;
        this.commands = commands;
        this.signatures = new SignatureVerifier(window);
        this.window = window;
        this.replays = replays;
        this.claims = claims;
        this.cap = cap;
        this.limits = limits;
        this.certificates = certificates;
        this.deviceSecretCipher = deviceSecretCipher;
        this.writes = writes;
    }

    /** The connect decision; completes on the thread that finished it (the caller's, a claim writer's or a write's). */
    public CompletableFuture<Verdict> connectAsync(ConnectRequest request) {
        return limited(request.productKey(), request.deviceKey(), request.source(), verdict -> verdict,
                verdict -> verdict, () -> decideConnect(request));
    }

    /** {@link #connectAsync}, waited for. */
    public Verdict connect(ConnectRequest request) {
        return join(connectAsync(request));
    }

    public CompletableFuture<Registration> registerAsync(RegisterRequest request) {
        return limited(request.productKey(), request.deviceKey(), request.source(),
                verdict -> new Registration(verdict, null), Registration::verdict, () -> decideRegister(request));
    }

    /** {@link #registerAsync}, waited for. */
    public Registration register(RegisterRequest request) {
        return join(registerAsync(request));
    }

    /**
     * Refuses while a failure limit blocks, else decides and records the final verdict with the limits: a success,
     * or a failure unless it was itself a refusal for a limit.
     */
    private <T> CompletableFuture<T> limited(String productKey, String deviceKey, String source,
                                             Function<Verdict, T> refused, Function<T, Verdict> verdictOf,
                                             Supplier<CompletableFuture<T>> decide) {
        Verdict blocked = limits.check(productKey, deviceKey, source);
        if (!blocked.allowed()) {
            return CompletableFuture.completedFuture(refused.apply(blocked));
        }
        return decide.get().thenApply(answer -> {
            Verdict verdict = verdictOf.apply(answer);
            if (verdict.allowed()) {
                limits.recordSuccess(productKey, deviceKey, source);
            } else if (verdict.reason().orElse(null) != DenyReason.RATE_LIMITED) {
                limits.recordFailure(productKey, deviceKey, source);
            }
            return answer;
        });
    }

    private CompletableFuture<Verdict> decideConnect(ConnectRequest request) {
        DeviceCredential device = view.device(request.productKey(), request.deviceKey()).orElse(null);
        if (device == null) {
            return done(notListed(request.productKey(), request.deviceKey()));
        }
        if (request.certificatePem() != null) {
            return device.authType() == AuthType.X509 ? certificateConnect(request, device)
                    : done(Verdict.deny(DenyReason.WRONG_AUTH_TYPE));
        }
        if (device.authType() == AuthType.X509) {
            return done(Verdict.deny(DenyReason.WRONG_AUTH_TYPE));
        }
        if (device.secret() == null) {
            return done(Verdict.deny(DenyReason.SECRET_NOT_ISSUED));
        }
        Verdict verdict = signatures.verifyConnect(plaintext(device), request.productKey(), request.deviceKey(),
                request.clientId(), request.timestamp(), request.signature());
        if (!verdict.allowed()) {
            return done(verdict);
        }
        verdict = cap.admit(request.productKey(), request.deviceKey());
        if (!verdict.allowed()) {
            return done(verdict);
        }
        UUID fingerprint = ReplayGuard.fingerprint(request.productKey(), request.deviceKey(), request.timestamp(),
                request.signature());
        verdict = replays.admit(request.timestamp(), fingerprint);
        if (!verdict.allowed()) {
            cap.release(request.productKey(), request.deviceKey());
            return done(verdict);
        }
        return claimed(fingerprint, request.timestamp()).thenCompose(claimed -> {
            if (claimed.allowed()) {
                return activated(device);
            }
            if (claimed.reason().orElse(null) == DenyReason.REPLAYED) {
                // a replay of a request another instance admitted (and counted) does not use up the device's cap
                cap.release(request.productKey(), request.deviceKey());
            }
            return done(claimed);
        });
    }

    /**
     * The second step of admitting a verified signed request once across every instance, after the in-memory guard
     * (which refuses a replay seen here without I/O) admitted it: its claim across the deployment. One claimed before,
     * elsewhere or before a restart, is {@link DenyReason#REPLAYED}; when the claim cannot be decided in time the
     * request is refused as {@link DenyReason#RATE_LIMITED}: fail closed.
     */
    private CompletableFuture<Verdict> claimed(UUID fingerprint, long timestamp) {
        return claims.claim(fingerprint, timestamp)
                .handle((won, failure) -> failure != null ? CLAIM_UNAVAILABLE
                        : won ? Verdict.allow() : Verdict.deny(DenyReason.REPLAYED));
    }

    private CompletableFuture<Verdict> certificateConnect(ConnectRequest request, DeviceCredential device) {
        if (!window.contains(request.timestamp())) {
            return done(Verdict.deny(DenyReason.TIMESTAMP_OUT_OF_WINDOW));
        }
        List<TrustAnchor> anchors = new ArrayList<>();
        for (CaCertificate ca : view.verifiedCas(request.productKey())) {
            anchors.add(parsedCas.computeIfAbsent(ca.fingerprint(), f -> certificates.trustAnchor(ca.certificatePem())));
        }
        if (anchors.isEmpty()) {
            return done(Verdict.deny(DenyReason.CA_NOT_VERIFIED));
        }
        Fingerprint expected = device.fingerprint() == null ? null : new Fingerprint(device.fingerprint());
        DeviceCertificate check = certificates.checkDeviceCertificate(request.certificatePem(), anchors, expected);
        if (!check.ok()) {
            return done(check.verdict());
        }
        if (device.revokedFingerprints().contains(check.fingerprint().hex())) {
            return done(Verdict.deny(DenyReason.CERTIFICATE_REVOKED));
        }
        if (!check.pinFingerprint()) {
            return activated(device);
        }
        return writing(() -> {
            try {
                commands.sendAndWait(new PinFingerprintCommand(device.productKey(), device.deviceKey(), check.fingerprint().hex()));
            } catch (FingerprintConflictException e) {
                return Verdict.deny(DenyReason.FINGERPRINT_MISMATCH);
            } catch (UnknownDeviceException e) {
                return Verdict.deny(DenyReason.UNKNOWN_DEVICE);
            }
            return activate(device);
        });
    }

    private CompletableFuture<Registration> decideRegister(RegisterRequest request) {
        ProductCredential product = view.product(request.productKey()).orElse(null);
        DeviceCredential device = view.device(request.productKey(), request.deviceKey()).orElse(null);
        if (product == null || device == null) {
            return refusal(notListed(request.productKey(), request.deviceKey()));
        }
        if (device.authType() != AuthType.DYNAMIC) {
            return refusal(Verdict.deny(DenyReason.WRONG_AUTH_TYPE));
        }
        if (device.secret() != null) {
            return refusal(Verdict.deny(DenyReason.ALREADY_REGISTERED));
        }
        String productSecret = cipher.decrypt(product.productSecret(),
                DeviceListService.productSecretContext(request.productKey()));
        Verdict verdict = signatures.verifyRegister(productSecret, request.productKey(), request.deviceKey(),
                request.random(), request.timestamp(), request.signature());
        if (!verdict.allowed()) {
            return refusal(verdict);
        }
        UUID fingerprint = ReplayGuard.fingerprint(request.productKey(), request.deviceKey(), request.timestamp(),
                request.signature());
        verdict = replays.admit(request.timestamp(), fingerprint);
        if (!verdict.allowed()) {
            return refusal(verdict);
        }
        return claimed(fingerprint, request.timestamp())
                .thenCompose(admitted -> admitted.allowed() ? writing(() -> issueSecret(request, productSecret))
                        : refusal(admitted));
    }

    private Registration issueSecret(RegisterRequest request, String productSecret) {
        String deviceSecret = generator.deviceSecret();
        EncryptedSecret stored = cipher.encrypt(deviceSecret,
                DeviceListService.deviceSecretContext(request.productKey(), request.deviceKey()));
        try {
            commands.sendAndWait(new IssueDeviceSecretCommand(request.productKey(), request.deviceKey(), stored));
        } catch (AlreadyRegisteredException e) {
            return new Registration(Verdict.deny(DenyReason.ALREADY_REGISTERED), null);
        } catch (UnknownDeviceException e) {
            return new Registration(Verdict.deny(DenyReason.UNKNOWN_DEVICE), null);
        }
        return new Registration(Verdict.allow(), deviceSecretCipher.encrypt(deviceSecret, productSecret));
    }

    private Verdict notListed(String productKey, String deviceKey) {
        return Verdict.deny(view.wasDeleted(productKey, deviceKey) ? DenyReason.DEVICE_DELETED : DenyReason.UNKNOWN_DEVICE);
    }

    /** The first success activates the device, on {@code writes}; it is the only write on the hot path, once per device. */
    private CompletableFuture<Verdict> activated(DeviceCredential device) {
        return device.activated() ? ALLOWED : writing(() -> activate(device));
    }

    private Verdict activate(DeviceCredential device) {
        if (!device.activated()) {
            try {
                commands.sendAndWait(new ActivateDeviceCommand(device.productKey(), device.deviceKey()));
            } catch (UnknownDeviceException e) {
                return Verdict.deny(DenyReason.UNKNOWN_DEVICE);
            }
        }
        return Verdict.allow();
    }

    /** {@code write} on the writers' pool; a refused hand-off fails the decision with the pool's refusal. */
    private <T> CompletableFuture<T> writing(Supplier<T> write) {
        try {
            return CompletableFuture.supplyAsync(write, writes);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<Verdict> done(Verdict verdict) {
        return verdict.allowed() ? ALLOWED : CompletableFuture.completedFuture(verdict);
    }

    private static CompletableFuture<Registration> refusal(Verdict verdict) {
        return CompletableFuture.completedFuture(new Registration(verdict, null));
    }

    /** The outcome of a decision waited for; a failure is rethrown as it was thrown. */
    private static <T> T join(CompletableFuture<T> decision) {
        try {
            return decision.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The device secret in plaintext, decrypted once per secret and kept only in this process's memory. */
    private String plaintext(DeviceCredential device) {
        DeviceId id = new DeviceId(device.productKey(), device.deviceKey());
        PlainSecret cached = plaintexts.get(id);
        if (cached != null && cached.cipher().equals(device.secret().cipher())) {
            return cached.plaintext();
        }
        String plaintext = cipher.decrypt(device.secret(), DeviceListService.deviceSecretContext(device.productKey(),
                device.deviceKey()));
        plaintexts.put(id, new PlainSecret(device.secret().cipher(), plaintext));
        return plaintext;
    }
}
