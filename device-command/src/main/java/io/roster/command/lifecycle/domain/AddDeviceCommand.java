package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds {@code device} to the list of product {@code productKey}. */
public record AddDeviceCommand(@TargetAggregateIdentifier String productKey, NewDevice device) {
}
