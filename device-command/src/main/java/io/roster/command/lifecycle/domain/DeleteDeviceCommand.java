package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteDeviceCommand(@TargetAggregateIdentifier String productKey, String deviceKey) {
}
