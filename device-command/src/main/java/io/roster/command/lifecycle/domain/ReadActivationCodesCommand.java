package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Reads a product's activation codes as its commands see them: handled by the product under its lock, on a product
 * as fresh as the event store, like any of its commands, and applying nothing.
 */
public record ReadActivationCodesCommand(@TargetAggregateIdentifier String productKey) {
}
