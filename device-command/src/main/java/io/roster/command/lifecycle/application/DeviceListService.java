package io.roster.command.lifecycle.application;

import io.roster.command.auth.application.SecretCipher;
import io.roster.command.auth.application.SecretGenerator;
import io.roster.command.lifecycle.domain.ActivationCodes;
import io.roster.command.lifecycle.domain.AddDeviceCommand;
import io.roster.command.lifecycle.domain.CreateProductCommand;
import io.roster.command.lifecycle.domain.DeleteDeviceCommand;
import io.roster.command.lifecycle.domain.DeviceAddition;
import io.roster.command.lifecycle.domain.DeviceDeletion;
import io.roster.command.lifecycle.domain.GrantActivationCodesCommand;
import io.roster.command.lifecycle.domain.NewDevice;
import io.roster.command.lifecycle.domain.ReadActivationCodesCommand;
import io.roster.command.lifecycle.domain.ResetFingerprintCommand;
import io.roster.command.lifecycle.domain.ResetSecretCommand;
import io.roster.command.lifecycle.domain.UnknownProductException;
import io.roster.contract.AuthType;
import io.roster.contract.DeviceId;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.util.function.Supplier;

/**
 * The use cases of products and device lists. Secrets are generated and encrypted here, before a
 * command exists: the aggregate and the event store only ever see ciphertext, and the plaintext goes
 * back to the caller once, in the response.
 */
public class DeviceListService {

    private final CommandGateway commands;
    private final SecretCipher cipher;
    private final SecretGenerator generator;
    private final AdditionBatcher additions;

    /** At most this many concurrent adds to one product share a unit of work and a transaction. */
    static final int MAX_ADDITIONS_PER_BATCH = 128;

    public DeviceListService(CommandGateway commands, SecretCipher cipher, SecretGenerator generator) {
        this.commands = commands;
        this.cipher = cipher;
        this.generator = generator;
        this.additions = new AdditionBatcher(commands, MAX_ADDITIONS_PER_BATCH);
    }

    public record CreatedProduct(String productKey, String productSecret) {
    }

    public record AddedDevice(String productKey, String deviceKey, AuthType authType, String deviceSecret,
                              boolean codeCharged, long codesAvailable) {
    }

    public CreatedProduct createProduct(String name, Protocol protocol, NodeType nodeType) {
        String productKey = generator.productKey();
        String productSecret = generator.productSecret();
        EncryptedSecret sealed = cipher.encrypt(productSecret, productSecretContext(productKey));
        commands.sendAndWait(new CreateProductCommand(productKey, name, protocol, nodeType, sealed));
        return new CreatedProduct(productKey, productSecret);
    }

    public long grantActivationCodes(String productKey, int count) {
        return onProduct(productKey, () -> commands.sendAndWait(new GrantActivationCodesCommand(productKey, count)));
    }

    /**
     * The product's activation codes and the sequence number of its last event, read by the product under its lock
     * like its commands: one consistent snapshot, never older than the event store when the read began.
     */
    public ActivationCodes activationCodes(String productKey) {
        return onProduct(productKey, () -> commands.sendAndWait(new ReadActivationCodesCommand(productKey)));
    }

    /**
     * A device a caller asks to add, as {@link NewDevice} but with a static device's secret in plaintext: the one the
     * caller chose, or null to have one generated.
     */
    public record DeviceToAdd(String deviceKey, AuthType authType, String sn, boolean crossRegion, String deviceSecret,
                              String certificateFingerprint) {
    }

    /**
     * Adds a device. A static device gets the secret the caller supplied, otherwise a generated one; it is
     * returned once, here. Concurrent adds to one product commit together ({@link AdditionBatcher}), each decided
     * and answered as if alone.
     */
    public AddedDevice addDevice(String productKey, DeviceToAdd device) {
        String secret = device.authType() == AuthType.STATIC
                ? (device.deviceSecret() != null ? device.deviceSecret() : generator.deviceSecret())
                : null;
        EncryptedSecret sealed = secret == null ? null
                : cipher.encrypt(secret, deviceSecretContext(productKey, device.deviceKey()));
        NewDevice listed = new NewDevice(device.deviceKey(), device.authType(), device.sn(), device.crossRegion(),
                sealed, device.certificateFingerprint());
        DeviceAddition addition = onProduct(productKey, () -> additions.add(new AddDeviceCommand(productKey, listed)));
        return new AddedDevice(productKey, device.deviceKey(), device.authType(), secret, addition.codeCharged(),
                addition.available());
    }

    public DeviceDeletion deleteDevice(String productKey, String deviceKey) {
        return onProduct(productKey, () -> commands.sendAndWait(new DeleteDeviceCommand(productKey, deviceKey)));
    }

    /** What a secret reset did: a static device's new secret (handed out once), or null for a dynamic one. */
    public record SecretResetResult(AuthType authType, String deviceSecret) {
    }

    public SecretResetResult resetSecret(String productKey, String deviceKey) {
        String secret = generator.deviceSecret();
        EncryptedSecret sealed = cipher.encrypt(secret, deviceSecretContext(productKey, deviceKey));
        AuthType type = onProduct(productKey, () -> commands.sendAndWait(new ResetSecretCommand(productKey, deviceKey, sealed)));
        return new SecretResetResult(type, type == AuthType.STATIC ? secret : null);
    }

    public void resetFingerprint(String productKey, String deviceKey) {
        onProduct(productKey, () -> commands.sendAndWait(new ResetFingerprintCommand(productKey, deviceKey)));
    }

    /**
     * Associated data of a device secret's ciphertext, {@code device-secret:productKey/deviceKey}: it only decrypts
     * as this device's secret.
     */
    public static String deviceSecretContext(String productKey, String deviceKey) {
        return "device-secret:" + new DeviceId(productKey, deviceKey).asString();
    }

    public static String productSecretContext(String productKey) {
        return "product-secret:" + productKey;
    }

    private static <T> T onProduct(String productKey, Supplier<T> action) {
        try {
            return action.get();
        } catch (AggregateNotFoundException e) {
            throw new UnknownProductException(productKey);
        }
    }
}
