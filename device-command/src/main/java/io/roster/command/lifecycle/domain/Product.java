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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.getVersion;

/**
 * A product: its activation codes and its CA certificates. Its device list is not held here but in
 * {@link DeviceRecords}, read by key for each command, so the aggregate, its snapshot and its load stay the same size
 * however many devices the product has (docs/architecture.md, "One product, millions of devices"). Every change to the
 * list is still one of this aggregate's events: its event sequence orders everything that happens to the product,
 * and the adds of a product are serialised on it, so codes are never oversold.
 */
@Aggregate(repository = "productRepository", snapshotFilter = "productSnapshotFilter")
@Revision(Product.SNAPSHOT_REVISION)
public class Product {

    /**
     * The snapshot format; snapshots of any other revision are skipped and the product rebuilt from its events.
     * Revision 4: no device list (revision 3 held it whole). The JSON mapping is outside the domain, in the Axon
     * adapter ({@code lifecycle.adapter.out.axon.ProductSnapshotJson}).
     */
    public static final String SNAPSHOT_REVISION = "4";

    @AggregateIdentifier
    private String productKey;
    private Protocol protocol;
    private NodeType nodeType;
    private long granted;
    private long available;
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

    /** The codes as the product's next command would find them, at the product's version; applies nothing. */
    @CommandHandler
    public ActivationCodes handle(ReadActivationCodesCommand command) {
        return new ActivationCodes(granted, available, getVersion());
    }

    @CommandHandler
    public DeviceAddition handle(AddDeviceCommand command, DeviceRecords records) {
        return add(command, known(records, List.of(command.device().deviceKey())));
    }

    /**
     * Adds each device in turn, as if each came alone: a refused one records nothing and does not stop the
     * others, and a later one sees the earlier ones (a device key twice in a batch is added once).
     */
    @CommandHandler
    public List<AdditionOutcome> handle(AddDevicesCommand command, DeviceRecords records) {
        Map<String, DeviceRecord> known = known(records,
                command.additions().stream().map(a -> a.device().deviceKey()).toList());
        List<AdditionOutcome> outcomes = new ArrayList<>(command.additions().size());
        for (AddDeviceCommand addition : command.additions()) {
            try {
                outcomes.add(AdditionOutcome.added(add(addition, known)));
            } catch (DomainException refused) {
                outcomes.add(AdditionOutcome.refused(refused));
            }
        }
        return outcomes;
    }

    /**
     * Checks everything before applying anything, so a refusal leaves the aggregate as it was; {@code known} holds
     * the records of the command's device keys and is kept current for the next addition of the same command.
     */
    private DeviceAddition add(AddDeviceCommand command, Map<String, DeviceRecord> known) {
        NewDevice device = command.device();
        String deviceKey = device.deviceKey();
        DeviceRecord record = known.get(deviceKey);
        if (record.listed()) {
            throw new DeviceExistsException(productKey, deviceKey);
        }
        if (device.authType() == AuthType.STATIC && !protocol.acceptsStaticDevices()) {
            throw new StaticAuthNotSupportedException(productKey, protocol);
        }
        boolean charge = !record.activatedOnce();
        if (charge && !hasCodeAvailable()) {
            throw new QuotaExhaustedException(productKey, available);
        }
        long availableAfter = charge ? available - 1 : available;
        DeviceAdded added = new DeviceAdded(productKey, deviceKey, device.authType(), device.sn(), device.crossRegion(),
                device.deviceSecret(), device.certificateFingerprint(), charge, availableAfter);
        apply(added);
        known.put(deviceKey, record.after(added));
        return new DeviceAddition(charge, availableAfter);
    }

    @CommandHandler
    public DeviceDeletion handle(DeleteDeviceCommand command, DeviceRecords records) {
        DeviceRecord device = listed(records, command.deviceKey());
        boolean refund = device.isRefundable();
        long availableAfter = refund ? available + 1 : available;
        apply(new DeviceDeleted(productKey, command.deviceKey(), refund, device.activatedOnce(), availableAfter));
        return new DeviceDeletion(refund, availableAfter);
    }

    /**
     * Applies only ciphertexts still current: events after the version the job read at (handed over by Axon's
     * conflict resolution) mark the secrets they touched as stale, and those are left out, as are devices no
     * longer listed.
     */
    @CommandHandler
    public void handle(ReEncryptSecretsCommand command, ConflictResolver conflicts, DeviceRecords records) {
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
        current.keySet().removeAll(changedDevices);
        Map<String, DeviceRecord> listed = known(records, current.keySet());
        current.keySet().removeIf(deviceKey -> !listed.get(deviceKey).listed());
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
    public boolean handle(ActivateDeviceCommand command, DeviceRecords records) {
        DeviceRecord device = listed(records, command.deviceKey());
        if (device.activated()) {
            return false;
        }
        apply(new DeviceActivated(productKey, command.deviceKey(), device.authType(), device.codeHeld()));
        return true;
    }

    /** Dynamic registration: issues the secret and, being the device's first connection, activates it. */
    @CommandHandler
    public void handle(IssueDeviceSecretCommand command, DeviceRecords records) {
        DeviceRecord device = listed(records, command.deviceKey());
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
    public AuthType handle(ResetSecretCommand command, DeviceRecords records) {
        DeviceRecord device = listed(records, command.deviceKey());
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
    public void handle(PinFingerprintCommand command, DeviceRecords records) {
        DeviceRecord device = listed(records, command.deviceKey());
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
    public void handle(ResetFingerprintCommand command, DeviceRecords records) {
        DeviceRecord device = listed(records, command.deviceKey());
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

    /** The records of these device keys as of this product's version, in a map the command may update. */
    private Map<String, DeviceRecord> known(DeviceRecords records, Collection<String> deviceKeys) {
        return new HashMap<>(records.find(productKey, getVersion(), deviceKeys));
    }

    private DeviceRecord listed(DeviceRecords records, String deviceKey) {
        DeviceRecord device = records.find(productKey, getVersion(), deviceKey);
        if (!device.listed()) {
            throw new UnknownDeviceException(productKey, deviceKey);
        }
        return device;
    }

    private boolean hasCodeAvailable() {
        return available > 0;
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
        available = event.available();
    }

    @EventSourcingHandler
    void on(DeviceDeleted event) {
        available = event.available();
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
