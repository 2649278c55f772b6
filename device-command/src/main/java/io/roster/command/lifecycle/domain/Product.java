package io.roster.command.lifecycle.domain;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.CaCertificateUploaded;
import io.roster.contract.event.CaCertificateVerified;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.DeviceEvent;
import io.roster.contract.event.DeviceSecretIssued;
import io.roster.contract.event.FingerprintPinned;
import io.roster.contract.event.FingerprintReset;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.SecretReset;
import io.roster.contract.event.SecretsReEncrypted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.conflictresolution.ConflictResolver;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A product and its device list. The device list lives here, not in one aggregate per device, because
 * the activation-code rules are about the whole list: one aggregate serialises the adds of a product,
 * so codes are never oversold, and its event sequence orders everything that happens to the product.
 */
@Aggregate(repository = "productRepository", snapshotFilter = "productSnapshotFilter")
@Revision(Product.SNAPSHOT_REVISION)
public class Product {

    /**
     * The snapshot format; snapshots of any other revision are skipped and the product rebuilt from its events.
     * Revision 3: a device added again after a deletion is listed as not activated until it connects. The JSON
     * mapping is outside the domain, in the Axon adapter ({@code lifecycle.adapter.out.axon.ProductSnapshotJson}).
     */
    public static final String SNAPSHOT_REVISION = "3";

    @AggregateIdentifier
    private String productKey;
    private Protocol protocol;
    private NodeType nodeType;
    private long granted;
    private long available;
    private Map<String, DeviceEntry> devices = new HashMap<>();
    /** Device keys that consumed a code once: they are never charged again, even after deletion. */
    private Set<String> activatedOnce = new HashSet<>();
    /** CA certificate id to whether its owner proved possession of its key. */
    private Map<String, Boolean> caCertificates = new HashMap<>();
    private Set<String> caFingerprints = new HashSet<>();

    protected Product() {
    }

    @CommandHandler
    public Product(CreateProductCommand command) {
        apply(new ProductCreated(command.productKey(), command.name(), command.protocol(), command.nodeType(),
                command.productSecret()));
    }

    @CommandHandler
    public long handle(GrantActivationCodesCommand command) {
        apply(new ActivationCodesGranted(productKey, command.count(), granted + command.count(),
                available + command.count()));
        return available;
    }

    @CommandHandler
    public DeviceAddition handle(AddDeviceCommand command) {
        return add(command);
    }

    /**
     * Adds each device in turn, as if each came alone: a refused one records nothing and does not stop the
     * others, and a later one sees the earlier ones (a device key twice in a batch is added once).
     */
    @CommandHandler
    public List<AdditionOutcome> handle(AddDevicesCommand command) {
        List<AdditionOutcome> outcomes = new ArrayList<>(command.additions().size());
        for (AddDeviceCommand addition : command.additions()) {
            try {
                outcomes.add(AdditionOutcome.added(add(addition)));
            } catch (DomainException refused) {
                outcomes.add(AdditionOutcome.refused(refused));
            }
        }
        return outcomes;
    }

    /** Checks everything before applying anything, so a refusal leaves the aggregate as it was. */
    private DeviceAddition add(AddDeviceCommand command) {
        NewDevice device = command.device();
        String deviceKey = device.deviceKey();
        if (devices.containsKey(deviceKey)) {
            throw new DeviceExistsException(productKey, deviceKey);
        }
        if (device.authType() == AuthType.STATIC && !protocol.acceptsStaticDevices()) {
            throw new StaticAuthNotSupportedException(productKey, protocol);
        }
        boolean charge = !wasActivatedBefore(deviceKey);
        if (charge && !hasCodeAvailable()) {
            throw new QuotaExhaustedException(productKey, available);
        }
        long availableAfter = charge ? available - 1 : available;
        apply(new DeviceAdded(productKey, deviceKey, device.authType(), device.sn(), device.crossRegion(),
                device.deviceSecret(), device.certificateFingerprint(), charge, availableAfter));
        return new DeviceAddition(charge, availableAfter);
    }

    @CommandHandler
    public DeviceDeletion handle(DeleteDeviceCommand command) {
        DeviceEntry device = devices.get(command.deviceKey());
        if (device == null) {
            throw new UnknownDeviceException(productKey, command.deviceKey());
        }
        boolean refund = isRefundable(device);
        long availableAfter = refund ? available + 1 : available;
        apply(new DeviceDeleted(productKey, command.deviceKey(), refund, wasActivatedBefore(command.deviceKey()),
                availableAfter));
        return new DeviceDeletion(refund, availableAfter);
    }

    /**
     * Applies only ciphertexts still current: events after the version the job read at (handed over by Axon's
     * conflict resolution) mark the secrets they touched as stale, and those are left out.
     */
    @CommandHandler
    public void handle(ReEncryptSecretsCommand command, ConflictResolver conflicts) {
        Set<String> changedDevices = new HashSet<>();
        boolean[] productChanged = {false};
        conflicts.detectConflicts(unseen -> {
            unseen.forEach(m -> {
                if (m.getPayload() instanceof DeviceEvent e) {
                    changedDevices.add(e.deviceKey());
                } else if (m.getPayload() instanceof SecretsReEncrypted e) {
                    changedDevices.addAll(e.deviceSecrets().keySet());
                    productChanged[0] |= e.productSecret() != null;
                } else if (!(m.getPayload() instanceof ActivationCodesGranted || m.getPayload() instanceof CaCertificateUploaded
                        || m.getPayload() instanceof CaCertificateVerified)) {
                    productChanged[0] = true;
                }
            });
            return false;
        });
        Map<String, EncryptedSecret> current = new HashMap<>(command.deviceSecrets());
        current.keySet().retainAll(devices.keySet());
        current.keySet().removeAll(changedDevices);
        EncryptedSecret productSecret = productChanged[0] ? null : command.productSecret();
        if (productSecret != null || !current.isEmpty()) {
            apply(new SecretsReEncrypted(productKey, command.keyId(), productSecret, current));
        }
    }

    /**
     * The first successful authentication after an add activates the device; later ones change nothing. A device
     * added again after a deletion is activated again, consuming no code if it consumed one before.
     */
    @CommandHandler
    public boolean handle(ActivateDeviceCommand command) {
        DeviceEntry device = listed(command.deviceKey());
        if (device.activated()) {
            return false;
        }
        apply(new DeviceActivated(productKey, command.deviceKey(), device.authType(), device.codeHeld()));
        return true;
    }

    /** Dynamic registration: issues the secret and, being the device's first connection, activates it. */
    @CommandHandler
    public void handle(IssueDeviceSecretCommand command) {
        DeviceEntry device = listed(command.deviceKey());
        if (device.authType() != AuthType.DYNAMIC) {
            throw new WrongAuthTypeException(command.deviceKey(), "dynamic registration");
        }
        if (device.hasSecret()) {
            throw new AlreadyRegisteredException(command.deviceKey());
        }
        apply(new DeviceSecretIssued(productKey, command.deviceKey(), command.deviceSecret()));
        if (!device.activated()) {
            apply(new DeviceActivated(productKey, command.deviceKey(), device.authType(), device.codeHeld()));
        }
    }

    /** Returns the device's authentication type: only a static device gets a new secret to hand out. */
    @CommandHandler
    public AuthType handle(ResetSecretCommand command) {
        DeviceEntry device = listed(command.deviceKey());
        if (device.authType() == AuthType.X509) {
            throw new WrongAuthTypeException(command.deviceKey(), "a secret reset");
        }
        if (!device.activated()) {
            throw new DeviceNotConnectedException(command.deviceKey());
        }
        apply(new SecretReset(productKey, command.deviceKey(), device.authType(),
                device.authType() == AuthType.STATIC ? command.newSecret() : null));
        return device.authType();
    }

    /** Pins the certificate of an X.509 device's first successful connection; the same one again is a no-op. */
    @CommandHandler
    public void handle(PinFingerprintCommand command) {
        DeviceEntry device = listed(command.deviceKey());
        if (device.authType() != AuthType.X509) {
            throw new WrongAuthTypeException(command.deviceKey(), "certificate pinning");
        }
        if (command.fingerprint().equals(device.fingerprint())) {
            return;
        }
        if (device.fingerprint() != null) {
            throw new FingerprintConflictException(command.deviceKey());
        }
        apply(new FingerprintPinned(productKey, command.deviceKey(), command.fingerprint()));
    }

    @CommandHandler
    public void handle(ResetFingerprintCommand command) {
        DeviceEntry device = listed(command.deviceKey());
        if (device.authType() != AuthType.X509) {
            throw new WrongAuthTypeException(command.deviceKey(), "a fingerprint reset");
        }
        if (!device.activated()) {
            throw new DeviceNotConnectedException(command.deviceKey());
        }
        apply(new FingerprintReset(productKey, command.deviceKey(), device.fingerprint()));
    }

    @CommandHandler
    public void handle(UploadCaCertificateCommand command) {
        if (caFingerprints.contains(command.fingerprint())) {
            throw new CaExistsException(productKey, command.fingerprint());
        }
        apply(new CaCertificateUploaded(productKey, command.caId(), command.certificatePem(), command.subject(),
                command.fingerprint(), command.notAfter(), command.verificationCode()));
    }

    @CommandHandler
    public void handle(VerifyCaCertificateCommand command) {
        Boolean verified = caCertificates.get(command.caId());
        if (verified == null) {
            throw new UnknownCaException(productKey, command.caId());
        }
        if (!verified) {
            apply(new CaCertificateVerified(productKey, command.caId()));
        }
    }

    private DeviceEntry listed(String deviceKey) {
        DeviceEntry device = devices.get(deviceKey);
        if (device == null) {
            throw new UnknownDeviceException(productKey, deviceKey);
        }
        return device;
    }

    private boolean wasActivatedBefore(String deviceKey) {
        return activatedOnce.contains(deviceKey);
    }

    private boolean hasCodeAvailable() {
        return available > 0;
    }

    /** Only a code that was taken and never consumed by an activation goes back. */
    private static boolean isRefundable(DeviceEntry device) {
        return device.codeHeld() && !device.activated();
    }

    @EventSourcingHandler
    void on(ProductCreated event) {
        productKey = event.productKey();
        protocol = event.protocol();
        nodeType = event.nodeType();
    }

    @EventSourcingHandler
    void on(ActivationCodesGranted event) {
        granted = event.grantedTotal();
        available = event.available();
    }

    @EventSourcingHandler
    void on(DeviceAdded event) {
        devices.put(event.deviceKey(), new DeviceEntry(event.authType(), event.codeCharged(), false,
                event.deviceSecret() != null, event.certificateFingerprint()));
        available = event.available();
    }

    @EventSourcingHandler
    void on(DeviceActivated event) {
        devices.computeIfPresent(event.deviceKey(), (k, d) -> d.activate());
        activatedOnce.add(event.deviceKey());
    }

    @EventSourcingHandler
    void on(DeviceDeleted event) {
        devices.remove(event.deviceKey());
        available = event.available();
    }

    @EventSourcingHandler
    void on(DeviceSecretIssued event) {
        devices.computeIfPresent(event.deviceKey(), (k, d) -> d.withSecret(true));
    }

    @EventSourcingHandler
    void on(SecretReset event) {
        devices.computeIfPresent(event.deviceKey(), (k, d) -> d.withSecret(event.deviceSecret() != null));
    }

    @EventSourcingHandler
    void on(FingerprintPinned event) {
        devices.computeIfPresent(event.deviceKey(), (k, d) -> d.withFingerprint(event.certificateFingerprint()));
    }

    @EventSourcingHandler
    void on(FingerprintReset event) {
        devices.computeIfPresent(event.deviceKey(), (k, d) -> d.withFingerprint(null));
    }

    @EventSourcingHandler
    void on(CaCertificateUploaded event) {
        caCertificates.put(event.caId(), false);
        caFingerprints.add(event.fingerprint());
    }

    @EventSourcingHandler
    void on(CaCertificateVerified event) {
        caCertificates.put(event.caId(), true);
    }
}
