package io.roster.command.application;

import io.roster.command.application.credentials.CredentialView;
import io.roster.command.application.credentials.CredentialView.CaCertificate;
import io.roster.command.application.credentials.CredentialView.DeviceCredential;
import io.roster.command.application.credentials.CredentialView.ProductCredential;
import io.roster.command.auth.DenyReason;
import io.roster.command.auth.Verdict;
import io.roster.command.auth.ratelimit.FailureLimits;
import io.roster.command.auth.replay.ReplayGuard;
import io.roster.command.auth.signature.DeviceSecretCipher;
import io.roster.command.auth.signature.SignatureVerifier;
import io.roster.command.auth.signature.TimestampWindow;
import io.roster.command.auth.x509.DeviceCertificateCheck;
import io.roster.command.auth.x509.DeviceCertificateValidator;
import io.roster.command.auth.x509.PemCertificates;
import io.roster.command.domain.ActivateDeviceCommand;
import io.roster.command.domain.AlreadyRegisteredException;
import io.roster.command.domain.FingerprintConflictException;
import io.roster.command.domain.IssueDeviceSecretCommand;
import io.roster.command.domain.PinFingerprintCommand;
import io.roster.command.domain.UnknownDeviceException;
import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.bouncycastle.cert.X509CertificateHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connection-authentication decisions (docs/authentication.md). A decision for a known device is made from memory:
 * the {@link CredentialView}, the replay guard and the failure limiters. Only a device's first success
 * (activation, pinning a certificate, issuing a dynamic secret) writes an event.
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

    private final CredentialView view;
    private final SecretCipher cipher;
    private final SecretGenerator generator;
    private final CommandGateway commands;
    private final SignatureVerifier signatures;
    private final TimestampWindow window;
    private final ReplayGuard replays;
    private final FailureLimits limits;
    private final DeviceCertificateValidator certificates;
    private final DeviceSecretCipher deviceSecretCipher;
    private final Map<String, PlainSecret> plaintexts = new ConcurrentHashMap<>();
    private final Map<String, X509CertificateHolder> parsedCas = new ConcurrentHashMap<>();

    public DeviceAuthentication(CredentialView view, SecretCipher cipher, SecretGenerator generator,
                                CommandGateway commands, TimestampWindow window, ReplayGuard replays,
                                FailureLimits limits,
                                DeviceCertificateValidator certificates, DeviceSecretCipher deviceSecretCipher) {
        this.view = view;
        this.cipher = cipher;
        this.generator = generator;
        this.commands = commands;
        this.signatures = new SignatureVerifier(window);
        this.window = window;
        this.replays = replays;
        this.limits = limits;
        this.certificates = certificates;
        this.deviceSecretCipher = deviceSecretCipher;
    }

    public Verdict connect(ConnectRequest request) {
        return limited(request.productKey(), request.deviceKey(), request.source(), () -> decideConnect(request));
    }

    /**
     * Whether a successful connection of this device would write an event (its activation, or pinning its first
     * certificate) and so wait for the event store; every other decision is made from memory alone.
     */
    public boolean mayWrite(String productKey, String deviceKey) {
        DeviceCredential device = view.device(productKey, deviceKey).orElse(null);
        return device != null && (!device.activated() || (device.authType() == AuthType.X509 && device.fingerprint() == null));
    }

    public Registration register(RegisterRequest request) {
        String[] sealed = new String[1];
        Verdict verdict = limited(request.productKey(), request.deviceKey(), request.source(), () -> {
            Registration registration = decideRegister(request);
            sealed[0] = registration.deviceSecretCipher();
            return registration.verdict();
        });
        return new Registration(verdict, verdict.allowed() ? sealed[0] : null);
    }

    private Verdict limited(String productKey, String deviceKey, String source, java.util.function.Supplier<Verdict> decide) {
        Verdict blocked = limits.check(productKey, deviceKey, source);
        if (!blocked.allowed()) {
            return blocked;
        }
        Verdict verdict = decide.get();
        if (verdict.allowed()) {
            limits.recordSuccess(productKey, deviceKey, source);
        } else if (verdict.reason().orElse(null) != DenyReason.RATE_LIMITED) {
            limits.recordFailure(productKey, deviceKey, source);
        }
        return verdict;
    }

    private Verdict decideConnect(ConnectRequest request) {
        DeviceCredential device = view.device(request.productKey(), request.deviceKey()).orElse(null);
        if (device == null) {
            return notListed(request.productKey(), request.deviceKey());
        }
        if (request.certificatePem() != null) {
            return device.authType() == AuthType.X509 ? certificateConnect(request, device)
                    : Verdict.deny(DenyReason.WRONG_AUTH_TYPE);
        }
        if (device.authType() == AuthType.X509) {
            return Verdict.deny(DenyReason.WRONG_AUTH_TYPE);
        }
        if (device.secret() == null) {
            return Verdict.deny(DenyReason.SECRET_NOT_ISSUED);
        }
        Verdict verdict = signatures.verifyConnect(plaintext(device), request.productKey(), request.deviceKey(),
                request.clientId(), request.timestamp(), request.signature());
        if (!verdict.allowed()) {
            return verdict;
        }
        verdict = replays.admit(request.productKey(), request.deviceKey(), request.timestamp(), request.signature());
        if (!verdict.allowed()) {
            return verdict;
        }
        return activated(device);
    }

    private Verdict certificateConnect(ConnectRequest request, DeviceCredential device) {
        if (!window.contains(request.timestamp())) {
            return Verdict.deny(DenyReason.TIMESTAMP_OUT_OF_WINDOW);
        }
        List<X509CertificateHolder> anchors = new ArrayList<>();
        for (CaCertificate ca : view.verifiedCas(request.productKey())) {
            X509CertificateHolder parsed = parsedCas.computeIfAbsent(ca.fingerprint(),
                    f -> PemCertificates.parse(ca.certificatePem()).leaf());
            if (parsed != null) {
                anchors.add(parsed);
            }
        }
        if (anchors.isEmpty()) {
            return Verdict.deny(DenyReason.CA_NOT_VERIFIED);
        }
        DeviceCertificateCheck check = certificates.validate(request.certificatePem(), anchors, device.fingerprint());
        if (!check.ok()) {
            return check.verdict();
        }
        if (device.revokedFingerprints().contains(check.fingerprint())) {
            return Verdict.deny(DenyReason.CERTIFICATE_REVOKED);
        }
        if (check.pinFingerprint()) {
            try {
                commands.sendAndWait(new PinFingerprintCommand(device.productKey(), device.deviceKey(), check.fingerprint()));
            } catch (FingerprintConflictException e) {
                return Verdict.deny(DenyReason.FINGERPRINT_MISMATCH);
            } catch (UnknownDeviceException e) {
                return Verdict.deny(DenyReason.UNKNOWN_DEVICE);
            }
        }
        return activated(device);
    }

    private Registration decideRegister(RegisterRequest request) {
        ProductCredential product = view.product(request.productKey()).orElse(null);
        DeviceCredential device = view.device(request.productKey(), request.deviceKey()).orElse(null);
        if (product == null || device == null) {
            return new Registration(notListed(request.productKey(), request.deviceKey()), null);
        }
        if (device.authType() != AuthType.DYNAMIC) {
            return new Registration(Verdict.deny(DenyReason.WRONG_AUTH_TYPE), null);
        }
        if (device.secret() != null) {
            return new Registration(Verdict.deny(DenyReason.ALREADY_REGISTERED), null);
        }
        String productSecret = cipher.decrypt(product.productSecret(),
                DeviceListService.productSecretContext(request.productKey()));
        Verdict verdict = signatures.verifyRegister(productSecret, request.productKey(), request.deviceKey(),
                request.random(), request.timestamp(), request.signature());
        if (verdict.allowed()) {
            verdict = replays.admit(request.productKey(), request.deviceKey(), request.timestamp(), request.signature());
        }
        if (!verdict.allowed()) {
            return new Registration(verdict, null);
        }
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

    /** The first success activates the device; it is the only write on the hot path, once per device. */
    private Verdict activated(DeviceCredential device) {
        if (!device.activated()) {
            try {
                commands.sendAndWait(new ActivateDeviceCommand(device.productKey(), device.deviceKey()));
            } catch (UnknownDeviceException e) {
                return Verdict.deny(DenyReason.UNKNOWN_DEVICE);
            }
        }
        return Verdict.allow();
    }

    /** The device secret in plaintext, decrypted once per secret and kept only in this process's memory. */
    private String plaintext(DeviceCredential device) {
        String id = device.productKey() + "/" + device.deviceKey();
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
