package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ResetFingerprintCommand(@TargetAggregateIdentifier String productKey, String deviceKey) {
}
