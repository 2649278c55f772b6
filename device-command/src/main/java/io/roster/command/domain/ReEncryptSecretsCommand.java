package io.roster.command.domain;

import io.roster.contract.EncryptedSecret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Records a product's secrets encrypted again under the key {@code keyId}; the secrets are unchanged. */
public record ReEncryptSecretsCommand(
        @TargetAggregateIdentifier String productKey,
        String keyId,
        EncryptedSecret productSecret,
        Map<String, EncryptedSecret> deviceSecrets) {
}
