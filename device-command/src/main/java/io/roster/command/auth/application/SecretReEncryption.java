package io.roster.command.auth.application;

import io.roster.command.auth.application.CredentialView.DeviceCredential;
import io.roster.command.auth.application.CredentialView.ProductCredential;
import io.roster.command.lifecycle.application.DeviceListService;
import io.roster.command.lifecycle.domain.ReEncryptSecretsCommand;
import io.roster.contract.EncryptedSecret;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Moves every stored secret that is not yet under the active key-encryption key to it, one product at
 * a time, by recording {@code SecretsReEncrypted}. Run it after a new key became active; once it
 * reports nothing left, the older keys can be removed from the configuration. A secret reset or re-issued
 * while the job runs keeps its new value: the product aggregate drops ciphertexts older than it.
 */
public class SecretReEncryption {

    /** What a run did. */
    public record Result(String activeKeyId, int productsUpdated, int secretsReEncrypted) {
    }

    private final CredentialView view;
    private final SecretCipher cipher;
    private final CommandGateway commands;

    public SecretReEncryption(CredentialView view, SecretCipher cipher, CommandGateway commands) {
        this.view = view;
        this.cipher = cipher;
        this.commands = commands;
    }

    public Result run() {
        String active = cipher.activeKeyId();
        int products = 0;
        int secrets = 0;
        for (String productKey : view.productKeys()) {
            Optional<ReEncryptSecretsCommand> plan = plan(productKey);
            if (plan.isPresent()) {
                ReEncryptSecretsCommand command = plan.get();
                commands.sendAndWait(command);
                products++;
                secrets += command.deviceSecrets().size() + (command.productSecret() == null ? 0 : 1);
            }
        }
        return new Result(active, products, secrets);
    }

    /**
     * The product's secrets not under the active key, encrypted under it, stamped with the product's version they
     * were read at (read first, so every secret read is at least that recent); empty when there is nothing to move.
     */
    public Optional<ReEncryptSecretsCommand> plan(String productKey) {
        String active = cipher.activeKeyId();
        long readAt = view.sequence(productKey);
        ProductCredential product = view.product(productKey).orElse(null);
        if (product == null) {
            return Optional.empty();
        }
        EncryptedSecret productSecret = null;
        if (product.productSecret() != null && !active.equals(product.productSecret().keyId())) {
            String context = DeviceListService.productSecretContext(productKey);
            productSecret = cipher.encrypt(cipher.decrypt(product.productSecret(), context), context);
        }
        Map<String, EncryptedSecret> deviceSecrets = new HashMap<>();
        for (DeviceCredential device : view.devices(productKey)) {
            if (device.secret() != null && !active.equals(device.secret().keyId())) {
                String context = DeviceListService.deviceSecretContext(productKey, device.deviceKey());
                deviceSecrets.put(device.deviceKey(), cipher.encrypt(cipher.decrypt(device.secret(), context), context));
            }
        }
        if (productSecret == null && deviceSecrets.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ReEncryptSecretsCommand(productKey, active, productSecret, deviceSecrets, readAt));
    }
}
