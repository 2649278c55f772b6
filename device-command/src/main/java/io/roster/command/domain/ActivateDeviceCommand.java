package io.roster.command.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ActivateDeviceCommand(@TargetAggregateIdentifier String productKey, String deviceKey) {
}
