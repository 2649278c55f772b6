package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PinFingerprintCommand(@TargetAggregateIdentifier String productKey, String deviceKey, String fingerprint) {
}
