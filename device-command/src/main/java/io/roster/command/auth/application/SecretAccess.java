package io.roster.command.auth.application;

import io.roster.command.auth.application.AuditTrail.AuditRecord;
import io.roster.command.auth.application.CredentialView.DeviceCredential;
import io.roster.command.lifecycle.application.DeviceListService;
import io.roster.command.lifecycle.domain.DomainException;
import io.roster.command.lifecycle.domain.NoDeviceSecretException;
import io.roster.command.lifecycle.domain.UnknownDeviceException;
import io.roster.command.lifecycle.domain.UnknownProductException;
import io.roster.contract.DeviceId;

import java.time.Clock;
import java.util.UUID;

/**
 * The privileged read of a device secret, every attempt audited. The credential view is first brought up to the
 * product's last commit, so a secret reset or issued on another instance is never answered stale.
 */
public class SecretAccess {

    public static final String DEVICE_SECRET_READ = "DEVICE_SECRET_READ";

    private final CredentialView view;
    private final SecretCipher cipher;
    private final AuditTrail audit;
    private final Clock clock;

    public SecretAccess(CredentialView view, SecretCipher cipher, AuditTrail audit, Clock clock) {
        this.view = view;
        this.cipher = cipher;
        this.audit = audit;
        this.clock = clock;
    }

    /** The device's secret in plaintext, for a caller holding the {@code secrets} role. */
    public String deviceSecret(String actor, String source, String productKey, String deviceKey) {
        String outcome = "GRANTED";
        try {
            view.catchUp(productKey);
            if (view.product(productKey).isEmpty()) {
                throw new UnknownProductException(productKey);
            }
            DeviceCredential device = view.device(productKey, deviceKey)
                    .orElseThrow(() -> new UnknownDeviceException(productKey, deviceKey));
            if (device.secret() == null) {
                throw new NoDeviceSecretException(productKey, deviceKey);
            }
            return cipher.decrypt(device.secret(), DeviceListService.deviceSecretContext(productKey, deviceKey));
        } catch (DomainException e) {
            outcome = e.code();
            throw e;
        } finally {
            audit.record(new AuditRecord(UUID.randomUUID().toString(), clock.instant(), actor, source,
                    DEVICE_SECRET_READ, new DeviceId(productKey, deviceKey).asString(), outcome));
        }
    }
}
