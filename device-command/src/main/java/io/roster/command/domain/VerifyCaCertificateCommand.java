package io.roster.command.domain;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record VerifyCaCertificateCommand(@TargetAggregateIdentifier String productKey, String caId) {
}
