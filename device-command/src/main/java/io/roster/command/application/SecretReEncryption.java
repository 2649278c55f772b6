package io.roster.command.application;

import io.roster.command.application.credentials.CredentialView;
import io.roster.command.application.credentials.CredentialView.DeviceCredential;
import io.roster.command.application.credentials.CredentialView.ProductCredential;
import io.roster.command.domain.ReEncryptSecretsCommand;
import io.roster.contract.EncryptedSecret;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.HashMap;
import java.util.Map;

/**
 * Moves every stored secret that is not yet under the active key-encryption key to it, one product at
 * a time, by recording {@code SecretsReEncrypted}. Run it after a new key became active; once it
 * reports nothing left, the older keys can be removed from the configuration.
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
            ProductCredential product = view.product(productKey).orElse(null);
            if (product == null) {
                continue;
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
            if (productSecret != null || !deviceSecrets.isEmpty()) {
                commands.sendAndWait(new ReEncryptSecretsCommand(productKey, active, productSecret, deviceSecrets));
                products++;
                secrets += deviceSecrets.size() + (productSecret == null ? 0 : 1);
            }
        }
        return new Result(active, products, secrets);
    }
}
