package io.roster.command.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteDeviceCommand(@TargetAggregateIdentifier String productKey, String deviceKey) {
}
