package io.roster.command.lifecycle.domain;

import io.roster.contract.EncryptedSecret;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record IssueDeviceSecretCommand(@TargetAggregateIdentifier String productKey, String deviceKey, EncryptedSecret deviceSecret) {
}
