package io.roster.contract.event;

import io.roster.contract.EncryptedSecret;
import org.axonframework.serialization.Revision;

import java.util.Map;

/**
 * A product's stored secrets were encrypted again under the key-encryption key {@code keyId}, so that
 * older keys can be retired. The secrets themselves did not change; from this event on, readers use
 * these ciphertexts instead of the ones in earlier events.
 *
 * @param productSecret the product secret under the new key
 * @param deviceSecrets device key to its secret under the new key, for every listed device that has one
 */
@Revision("1")
public record SecretsReEncrypted(
        String productKey,
        String keyId,
        EncryptedSecret productSecret,
        Map<String, EncryptedSecret> deviceSecrets) implements ProductEvent {
}
