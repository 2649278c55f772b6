package io.roster.command.lifecycle.domain;

import io.roster.contract.EncryptedSecret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ResetSecretCommand(@TargetAggregateIdentifier String productKey, String deviceKey, EncryptedSecret newSecret) {
}
