package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record GrantActivationCodesCommand(@TargetAggregateIdentifier String productKey, int count) {
}
