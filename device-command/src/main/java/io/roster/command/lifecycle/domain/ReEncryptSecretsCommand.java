package io.roster.command.lifecycle.domain;

import io.roster.contract.EncryptedSecret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

import java.util.Map;

/**
 * Records a product's secrets encrypted again under the key {@code keyId}; the secrets are unchanged.
 *
 * @param readAtVersion the product's event sequence number when the secrets were read: a secret changed by a
 *                      later event (a reset, a re-issue, a deletion) is left out, so a stale copy never
 *                      replaces it
 */
public record ReEncryptSecretsCommand(
        @TargetAggregateIdentifier String productKey,
        String keyId,
        EncryptedSecret productSecret,
        Map<String, EncryptedSecret> deviceSecrets,
        @TargetAggregateVersion Long readAtVersion) {
}
