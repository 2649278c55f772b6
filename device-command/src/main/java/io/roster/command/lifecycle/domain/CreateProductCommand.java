package io.roster.command.lifecycle.domain;

import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateProductCommand(
        @TargetAggregateIdentifier String productKey,
        String name,
        Protocol protocol,
        NodeType nodeType,
        EncryptedSecret productSecret) {
}
