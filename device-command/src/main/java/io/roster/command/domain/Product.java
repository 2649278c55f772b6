package io.roster.command.domain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.roster.contract.AuthType;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.SecretsReEncrypted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A product and its device list. The device list lives here, not in one aggregate per device, because
 * the activation-code rules are about the whole list: one aggregate serialises the adds of a product,
 * so codes are never oversold, and its event sequence orders everything that happens to the product.
 */
@Aggregate(snapshotTriggerDefinition = "productSnapshotTrigger", cache = "productCache")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Product {

    @AggregateIdentifier
    private String productKey;
    private Protocol protocol;
    private NodeType nodeType;
    private long granted;
    private long available;
    private Map<String, DeviceEntry> devices = new HashMap<>();
    /** Device keys that consumed a code once: they are never charged again, even after deletion. */
    private Set<String> activatedOnce = new HashSet<>();

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
        String deviceKey = command.deviceKey();
        if (devices.containsKey(deviceKey)) {
            throw new DeviceExistsException(productKey, deviceKey);
        }
        if (command.authType() == AuthType.STATIC && !protocol.acceptsStaticDevices()) {
            throw new StaticAuthNotSupportedException(productKey, protocol);
        }
        boolean charge = !wasActivatedBefore(deviceKey);
        if (charge && !hasCodeAvailable()) {
            throw new QuotaExhaustedException(productKey, available);
        }
        long availableAfter = charge ? available - 1 : available;
        apply(new DeviceAdded(productKey, deviceKey, command.authType(), command.sn(), command.crossRegion(),
                command.deviceSecret(), command.certificateFingerprint(), charge, availableAfter));
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
        apply(new DeviceDeleted(productKey, command.deviceKey(), refund, device.activated(), availableAfter));
        return new DeviceDeletion(refund, availableAfter);
    }

    @CommandHandler
    public void handle(ReEncryptSecretsCommand command) {
        java.util.Map<String, io.roster.contract.EncryptedSecret> listed = new java.util.HashMap<>(command.deviceSecrets());
        listed.keySet().retainAll(devices.keySet());
        apply(new SecretsReEncrypted(productKey, command.keyId(), command.productSecret(), listed));
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
        devices.put(event.deviceKey(), new DeviceEntry(event.authType(), event.codeCharged(),
                wasActivatedBefore(event.deviceKey())));
        available = event.available();
    }

    @EventSourcingHandler
    void on(DeviceActivated event) {
        devices.computeIfPresent(event.deviceKey(), (k, d) -> new DeviceEntry(d.authType(), d.codeHeld(), true));
        activatedOnce.add(event.deviceKey());
    }

    @EventSourcingHandler
    void on(DeviceDeleted event) {
        devices.remove(event.deviceKey());
        available = event.available();
    }
}
