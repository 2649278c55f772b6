package io.roster.command.lifecycle.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record VerifyCaCertificateCommand(@TargetAggregateIdentifier String productKey, String caId) {
}
