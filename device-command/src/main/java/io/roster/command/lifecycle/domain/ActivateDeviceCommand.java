package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ActivateDeviceCommand(@TargetAggregateIdentifier String productKey, String deviceKey) {
}
